// Plain word matching over the search index: every word of the query must occur (case-insensitive).
import type { SearchIndex } from './search-index';

export interface SearchHit {
  readonly href: string;
  readonly title: string;
  /** The chapter a section hit belongs to; absent for a chapter hit. */
  readonly chapter?: string;
  /** Text around the first match, for chapter hits found in the body. */
  readonly excerpt?: string;
}

const EXCERPT_RADIUS = 50;

export function queryWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

function hasAll(haystack: string, words: readonly string[]): boolean {
  const lower = haystack.toLowerCase();
  return words.every((w) => lower.includes(w));
}

export function excerptAround(text: string, word: string): string {
  const at = text.toLowerCase().indexOf(word);
  if (at < 0) return '';
  const start = Math.max(0, at - EXCERPT_RADIUS);
  const end = Math.min(text.length, at + word.length + EXCERPT_RADIUS);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

/** Section hits (headings) first, then chapters whose title or text match; at most `limit`. */
export function searchChapters(index: SearchIndex, query: string, limit = 8): SearchHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const sections: SearchHit[] = [];
  const chapters: SearchHit[] = [];
  for (const doc of index.chapters) {
    for (const h of doc.headings) {
      if (hasAll(h.text, words))
        sections.push({ href: `/guide/${doc.slug}#${h.id}`, title: h.text, chapter: doc.title });
    }
    if (hasAll(doc.title, words)) chapters.push({ href: `/guide/${doc.slug}`, title: doc.title });
    else if (hasAll(`${doc.title} ${doc.text}`, words)) {
      chapters.push({ href: `/guide/${doc.slug}`, title: doc.title, excerpt: excerptAround(doc.text, words[0] ?? '') });
    }
  }
  return [...sections, ...chapters].slice(0, limit);
}
