// The search index the app ships as /search-index.json: per chapter its title, headings and text.
export interface SearchHeading {
  readonly id: string;
  readonly text: string;
}

export interface SearchDoc {
  readonly slug: string;
  readonly title: string;
  readonly headings: readonly SearchHeading[];
  readonly text: string;
}

export interface SearchIndex {
  readonly chapters: readonly SearchDoc[];
}

interface IndexableChapter {
  readonly slug: string;
  readonly title: string;
  readonly toc: readonly { readonly id: string; readonly text: string }[];
  readonly searchText: string;
}

export function buildSearchIndex(chapters: readonly IndexableChapter[]): SearchIndex {
  return {
    chapters: chapters.map((c) => ({
      slug: c.slug,
      title: c.title,
      headings: c.toc.map((t) => ({ id: t.id, text: t.text })),
      text: c.searchText,
    })),
  };
}
