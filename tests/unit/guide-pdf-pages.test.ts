// The pure parts of `onramp pdf`'s page numbering: counting a PDF's pages and adding up parts.
import { describe, expect, it } from 'vitest';
import { countPdfPages, startPagesOf } from '../../server/cli/pdf';

const minimalPdf = (pages: number) =>
  new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type /Pages /Count ${pages} /Kids []>>\nendobj\n` +
      Array.from({ length: pages }, (_, i) => `${i + 3} 0 obj\n<</Type /Page\n/Parent 2 0 R>>\nendobj\n`).join(''),
  );

describe('countPdfPages', () => {
  it('counts page objects, not the page tree', () => {
    expect(countPdfPages(minimalPdf(0))).toBe(0);
    expect(countPdfPages(minimalPdf(3))).toBe(3);
    expect(countPdfPages(new TextEncoder().encode('<</Type/Page>> <</Type /PageLabel>> <</Type /Pages>>'))).toBe(1);
  });
});

describe('startPagesOf', () => {
  it('numbers each part from where the previous ones end', () => {
    const starts = startPagesOf([
      { slug: '', pages: 2 },
      { slug: 'a', pages: 3 },
      { slug: 'b', pages: 1 },
      { slug: 'c', pages: 4 },
    ]);
    expect([...starts]).toEqual([
      ['', 1],
      ['a', 3],
      ['b', 6],
      ['c', 7],
    ]);
  });
});
