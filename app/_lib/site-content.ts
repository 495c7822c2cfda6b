// The app's one door to the content pipeline: loaded once per build worker and shared by every page.
import { loadContent, type Chapter } from '@/lib/content';
import type { StepRegistry } from '@/protocol/steps';

export type { Chapter, TocEntry } from '@/lib/content';
export { remarkPlugins, rehypePlugins } from '@/lib/content/mdx-options';

export interface SiteContent {
  readonly chapters: readonly Chapter[];
  readonly registry: StepRegistry;
}

let loaded: Promise<SiteContent> | undefined;

export function siteContent(): Promise<SiteContent> {
  loaded ??= loadContent();
  return loaded;
}

export interface ChapterInContext {
  readonly chapter: Chapter;
  readonly prev?: Chapter;
  readonly next?: Chapter;
}

export async function chapterBySlug(slug: string): Promise<ChapterInContext | undefined> {
  const { chapters } = await siteContent();
  const index = chapters.findIndex((c) => c.slug === slug);
  const chapter = chapters[index];
  if (!chapter) return undefined;
  const prev = chapters[index - 1];
  const next = chapters[index + 1];
  return { chapter, ...(prev ? { prev } : {}), ...(next ? { next } : {}) };
}

/** Chapters start with their own `# Title`; the page adds one only for those that do not. */
export function bodyHasTitle(body: string): boolean {
  return /^\s*# /.test(body);
}
