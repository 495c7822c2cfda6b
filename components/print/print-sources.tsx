// A chapter's references in the printed guide: where its upstream facts come from (frontmatter `sources:`).
export function PrintSources({ slug, sources }: { readonly slug: string; readonly sources: readonly string[] }) {
  if (sources.length === 0) return null;
  return (
    <aside className="print-sources" aria-labelledby={`sources-${slug}`} data-testid={`print-sources-${slug}`}>
      <h2 id={`sources-${slug}`}>References</h2>
      <ol>
        {sources.map((source) => (
          <li key={source}>{source}</li>
        ))}
      </ol>
    </aside>
  );
}
