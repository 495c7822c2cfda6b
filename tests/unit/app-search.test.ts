import { describe, expect, it } from 'vitest';
import { loadContent } from '../../lib/content';
import { buildSearchIndex } from '../../components/search/search-index';
import { excerptAround, searchChapters } from '../../components/search/search-match';
import type { SearchIndex } from '../../components/search/search-index';

const index: SearchIndex = {
  chapters: [
    {
      slug: 'opam',
      title: 'Install opam and OCaml',
      headings: [
        { id: 'install-opam', text: 'Install opam' },
        { id: 'create-a-switch', text: 'Create a switch' },
      ],
      text: 'MirageOS unikernels are OCaml programs; opam 2.1 or newer.',
    },
    {
      slug: 'mirage',
      title: 'Install the mirage tool',
      headings: [{ id: 'hello-world', text: 'Hello world' }],
      text: 'mirage configure -t unix then make; the old mirage build was removed in 4.5.0.',
    },
  ],
};

describe('searchChapters', () => {
  it('finds sections by heading words, linking to the heading anchor', () => {
    expect(searchChapters(index, 'SWITCH create')).toEqual([
      { href: '/guide/opam#create-a-switch', title: 'Create a switch', chapter: 'Install opam and OCaml' },
    ]);
  });

  it('lists sections before chapters and needs every word', () => {
    const hits = searchChapters(index, 'install opam');
    expect(hits.map((h) => h.href)).toEqual(['/guide/opam#install-opam', '/guide/opam']);
  });

  it('finds chapters by body text with an excerpt around the match', () => {
    const [hit] = searchChapters(index, 'removed');
    expect(hit?.href).toBe('/guide/mirage');
    expect(hit?.excerpt).toContain('was removed in 4.5.0');
  });

  it('returns nothing for an empty query or no match', () => {
    expect(searchChapters(index, '   ')).toEqual([]);
    expect(searchChapters(index, 'opam kubernetes')).toEqual([]);
  });

  it('caps the number of hits', () => {
    expect(searchChapters(index, 'i', 2)).toHaveLength(2);
  });
});

describe('excerptAround', () => {
  it('marks cut ends with an ellipsis', () => {
    const text = `${'a '.repeat(60)}needle${' b'.repeat(60)}`;
    const excerpt = excerptAround(text, 'needle');
    expect(excerpt.startsWith('…')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).toContain('needle');
  });
});

describe('buildSearchIndex over the real chapters', () => {
  it('indexes every chapter, and a TOC heading of each is found by search', async () => {
    const { chapters } = await loadContent();
    const built = buildSearchIndex(chapters);
    expect(built.chapters.map((c) => c.slug)).toEqual(chapters.map((c) => c.slug));
    for (const chapter of chapters) {
      const heading = chapter.toc[0];
      if (!heading) continue;
      const hrefs = searchChapters(built, heading.text, 50).map((h) => h.href);
      expect(hrefs).toContain(`/guide/${chapter.slug}#${heading.id}`);
    }
  });
});
