// The printed guide (and so the PDF) shows each chapter's sources as References.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PrintSources } from '../../components/print/print-sources';
import { contentDirs, loadContent } from '../../lib/content/index';

describe('References in print', () => {
  it('lists every source of every chapter, in order, under a References heading', async () => {
    const { chapters } = await loadContent(contentDirs({}));
    for (const chapter of chapters) {
      const html = renderToStaticMarkup(createElement(PrintSources, { slug: chapter.slug, sources: chapter.sources }));
      expect(html, chapter.file).toContain(`data-testid="print-sources-${chapter.slug}"`);
      expect(html).toContain('>References</h2>');
      const items = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]);
      const escape = (t: string) => renderToStaticMarkup(createElement('span', null, t)).slice(6, -7);
      expect(items).toEqual(chapter.sources.map(escape));
    }
  }, 30_000);

  it('renders nothing for a chapter without sources', () => {
    expect(renderToStaticMarkup(createElement(PrintSources, { slug: 'x', sources: [] }))).toBe('');
  });
});
