import { evaluate } from '@mdx-js/mdx';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import * as runtime from 'react/jsx-runtime';
import { ChapterList, Pager, TableOfContents } from '@/components/chapter-nav';
import { ChapterAutopilot } from '@/components/autopilot/chapter-autopilot';
import { mdxComponents } from '@/components/mdx';
import { ProgressTicks } from '@/components/progress-ticks';
import { STATIC_MODE } from '@/components/static-mode';
import { SignInNotice } from '@/components/sign-in-notice';
import { SetupPathTabs } from '@/components/setup-path-tabs';
import { bodyHasTitle, chapterBySlug, rehypePlugins, remarkPlugins, siteContent } from '../../_lib/site-content';

interface Params {
  readonly slug: string;
}

export const dynamicParams = false;

export async function generateStaticParams(): Promise<Params[]> {
  const { chapters } = await siteContent();
  return chapters.map((c) => ({ slug: c.slug }));
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const found = await chapterBySlug((await params).slug);
  return found ? { title: found.chapter.title, description: found.chapter.summary } : {};
}

export default async function ChapterPage({ params }: { params: Promise<Params> }) {
  const { slug } = await params;
  const found = await chapterBySlug(slug);
  if (!found) notFound();
  const { chapter, prev, next } = found;
  const { chapters, registry } = await siteContent();
  const { default: Content } = await evaluate(chapter.body, { ...runtime, remarkPlugins, rehypePlugins });
  const autopilot = <ChapterAutopilot slug={chapter.slug} steps={chapter.steps} />;
  const titled = bodyHasTitle(chapter.body);

  return (
    <div className="guide">
      <input type="checkbox" id="nav-toggle" className="nav-toggle visually-hidden" />
      <label htmlFor="nav-toggle" className="nav-toggle-label">
        Chapters
      </label>
      <ChapterList chapters={chapters} current={slug} />
      {!STATIC_MODE && <ProgressTicks />}
      <SetupPathTabs />
      <main id="main" className="chapter">
        <article>
          {!titled && <h1>{chapter.title}</h1>}
          {!STATIC_MODE && <SignInNotice />}
          {!titled && autopilot}
          <Content components={mdxComponents(registry, titled ? autopilot : undefined)} />
        </article>
        <Pager prev={prev} next={next} />
      </main>
      <TableOfContents toc={chapter.toc} />
    </div>
  );
}
