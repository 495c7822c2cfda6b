// The guide's navigation: chapters in order (with progress slots), the page's contents, prev/next.
import type { TocEntry } from '../lib/content';

export interface ChapterLink {
  readonly slug: string;
  readonly title: string;
}

export function ChapterList({
  chapters,
  current,
}: {
  readonly chapters: readonly ChapterLink[];
  readonly current: string;
}) {
  return (
    <nav className="sidebar" id="chapters" aria-label="Chapters">
      <ol>
        {chapters.map((c) => (
          <li key={c.slug}>
            <a href={`/guide/${c.slug}`} aria-current={c.slug === current ? 'page' : undefined}>
              <span className="chapter-title">{c.title}</span>
              <span className="progress" data-progress-chapter={c.slug} />
            </a>
          </li>
        ))}
      </ol>
      {/* The header's links are hidden on a phone: the chapter list carries them there too. */}
      <p className="sidebar-print">
        <a href="/setup" data-testid="sidebar-setup-link">
          Setup dashboard
        </a>
        <a href="/settings" data-testid="sidebar-settings-link">
          Settings (your dom0)
        </a>
        <a href="/print" data-testid="sidebar-print-link">
          The whole guide on one page (to print or save as PDF)
        </a>
      </p>
    </nav>
  );
}

export function TableOfContents({ toc }: { readonly toc: readonly TocEntry[] }) {
  if (toc.length === 0) return null;
  return (
    <nav className="toc" aria-label="On this page">
      <p className="toc-title">On this page</p>
      <ul>
        {toc.map((t) => (
          <li key={t.id} className={`toc-depth-${t.depth}`}>
            <a href={`#${t.id}`}>{t.text}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Pager({
  prev,
  next,
}: {
  readonly prev?: ChapterLink | undefined;
  readonly next?: ChapterLink | undefined;
}) {
  return (
    <nav className="pager" aria-label="Previous and next chapter">
      {prev ? (
        <a className="pager-prev" href={`/guide/${prev.slug}`} rel="prev">
          <span className="pager-dir">Previous</span> {prev.title}
        </a>
      ) : (
        <span />
      )}
      {next && (
        <a className="pager-next" href={`/guide/${next.slug}`} rel="next">
          <span className="pager-dir">Next</span> {next.title}
        </a>
      )}
    </nav>
  );
}
