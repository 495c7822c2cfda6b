// Read every chapter from the content directories, then check them against each other.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StepRegistry } from '../../protocol/steps';
import { contentDirs, displayPath } from './content-dirs';
import { buildRegistry, checkAcrossChapters, sortChapters, type ChapterSource } from './cross-chapter';
import { extractChapter, type Chapter } from './extract-chapter';

export interface Content {
  chapters: Chapter[];
  registry: StepRegistry;
}

export async function loadContent(dirs: string[] = contentDirs()): Promise<Content> {
  const items: ChapterSource[] = [];
  for (const dir of dirs) {
    for (const name of await chapterFiles(dir)) {
      const full = path.join(dir, name);
      const source = await readFile(full, 'utf8');
      items.push({ chapter: extractChapter(displayPath(full), source), source });
    }
  }
  checkAcrossChapters(items);
  const chapters = sortChapters(items.map((i) => i.chapter));
  return { chapters, registry: buildRegistry(chapters) };
}

async function chapterFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && e.name.endsWith('.mdx')).map((e) => e.name).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`content directory ${dir} does not exist; expected a folder of .mdx chapters (check ONRAMP_CONTENT_DIRS, colon-separated, relative to the repository root)`, { cause: err });
    }
    throw err;
  }
}
