// Checks that need every chapter at once: unique slugs, orders and step ids. Pure.
import type { StepRegistry } from '../../protocol/steps';
import { ContentError } from './content-error';
import type { Chapter } from './extract-chapter';

/** A chapter with the source it came from (to point errors at the exact line and column). */
export interface ChapterSource {
  readonly chapter: Chapter;
  readonly source: string;
}

export function checkAcrossChapters(items: readonly ChapterSource[]): void {
  const slugs = new Map<string, Chapter>();
  const orders = new Map<number, Chapter>();
  const steps = new Map<string, { file: string; line: number }>();
  for (const { chapter, source } of items) {
    const sameSlug = slugs.get(chapter.slug);
    if (sameSlug) {
      throw new ContentError(chapter.file, 1, 1, `duplicate chapter slug "${chapter.slug}": ${sameSlug.file} has the same file name; rename one of them`);
    }
    slugs.set(chapter.slug, chapter);
    const sameOrder = orders.get(chapter.order);
    if (sameOrder) {
      throw new ContentError(chapter.file, frontmatterLine(source, 'order'), 1, `duplicate chapter order ${chapter.order}: ${sameOrder.file} has the same order; give each chapter its own order`);
    }
    orders.set(chapter.order, chapter);
    for (const step of chapter.steps) {
      const first = steps.get(step.id);
      if (first) {
        throw new ContentError(step.at.file, step.at.line, stepColumn(source, step.at.line), `duplicate step id "${step.id}": also declared at ${first.file}:${first.line}; step ids must be unique across all chapters`);
      }
      steps.set(step.id, step.at);
    }
  }
}

export function sortChapters(chapters: readonly Chapter[]): Chapter[] {
  return [...chapters].sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

export function buildRegistry(chapters: readonly Chapter[]): StepRegistry {
  return {
    steps: chapters.flatMap((c) => c.steps),
    checks: chapters.flatMap((c) => c.checks),
    chapters: chapters.map((c) => ({ slug: c.slug, title: c.title, order: c.order, stage: c.stage })),
  };
}

function frontmatterLine(source: string, field: string): number {
  const lines = source.split('\n');
  const index = lines.findIndex((l, i) => i > 0 && new RegExp(`^${field}\\s*:`).test(l));
  return index === -1 ? 1 : index + 1;
}

function stepColumn(source: string, line: number): number {
  const text = source.split('\n')[line - 1] ?? '';
  const at = text.indexOf('<Step');
  return at === -1 ? 1 : at + 1;
}
