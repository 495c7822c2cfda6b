import { evaluate } from '@mdx-js/mdx';
import type { Metadata } from 'next';
import * as runtime from 'react/jsx-runtime';
import { printComponents } from '@/components/print/print-components';
import { PrintContents } from '@/components/print/print-contents';
import { PrintSources } from '@/components/print/print-sources';
import { bodyHasTitle, rehypePlugins, remarkPlugins, siteContent, type Chapter } from '../_lib/site-content';
import './print.css';

export const metadata: Metadata = {
  title: 'The whole guide',
  description: 'Every chapter of the Onramp guide in one printable document.',
};

async function PrintedChapter({
  chapter,
  components,
}: {
  readonly chapter: Chapter;
  readonly components: ReturnType<typeof printComponents>;
}) {
  const { default: Content } = await evaluate(chapter.body, { ...runtime, remarkPlugins, rehypePlugins });
  return (
    <section className="print-chapter" id={`chapter-${chapter.slug}`} data-slug={chapter.slug}>
      {!bodyHasTitle(chapter.body) && <h1>{chapter.title}</h1>}
      <Content components={components} />
      <PrintSources slug={chapter.slug} sources={chapter.sources} />
    </section>
  );
}

export default async function PrintPage() {
  const { chapters, registry } = await siteContent();
  const components = printComponents(registry);
  return (
    <main id="main" className="print-doc">
      <PrintContents chapters={chapters} />
      {chapters.map((chapter) => (
        <PrintedChapter key={chapter.slug} chapter={chapter} components={components} />
      ))}
    </main>
  );
}
