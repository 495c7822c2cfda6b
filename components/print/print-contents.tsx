// The printed guide's title page and table of contents: one entry per chapter, in order.
import type { Chapter } from '../../lib/content';
import { PrintButton } from './print-button';

export function PrintContents({
  chapters,
}: {
  readonly chapters: readonly Pick<Chapter, 'slug' | 'title' | 'summary'>[];
}) {
  return (
    <section className="print-cover" aria-labelledby="print-title">
      <h1 id="print-title">Onramp: from nothing to a MirageOS unikernel on Xen</h1>
      <p className="print-subtitle">
        The whole guide, one chapter per page. Commands are labelled with where they run.
      </p>
      <p className="print-actions">
        <PrintButton />{' '}
        <span>
          With the page number of each chapter in the contents: <code>npx onramp pdf --out guide.pdf</code>.
        </span>
      </p>
      <nav aria-label="Contents" className="print-toc">
        <h2 id="contents">Contents</h2>
        <ol>
          {chapters.map((c) => (
            <li key={c.slug}>
              <a href={`#chapter-${c.slug}`}>{c.title}</a>
              {/* Filled in by `onramp pdf`, which knows the page each chapter starts on. */}
              <span className="print-toc-page" data-slug={c.slug} />
              <span className="print-toc-summary">{c.summary}</span>
            </li>
          ))}
        </ol>
      </nav>
    </section>
  );
}
