// The app's MDX options (lib/content/mdx-options.ts) through the real @mdx-js/mdx + React render:
// shiki colours every content language with light/dark CSS variables, and heading ids match the TOC.
import { evaluate } from '@mdx-js/mdx';
import { readFile } from 'node:fs/promises';
import { createElement, Fragment, type ReactNode } from 'react';
import * as runtime from 'react/jsx-runtime';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { contentDirs, extractChapter, loadContent } from '../../lib/content/index';
import { mdxOptions } from '../../lib/content/mdx-options';

const fixture = (name: string) => readFile(new URL(`../fixtures/mdx/${name}`, import.meta.url), 'utf8');

/** Stand-ins for the app's components: render their children so the markup around them shows. */
const passThrough = ({ children }: { children?: ReactNode }) => createElement(Fragment, null, children);
const components = {
  Step: passThrough,
  Check: () => null,
  Callout: passThrough,
  Tabs: passThrough,
  Tab: passThrough,
  NetworkDiagram: () => null,
};

async function render(source: string): Promise<string> {
  const { default: Content } = await evaluate(source, { ...runtime, ...mdxOptions });
  return renderToStaticMarkup(createElement(Content, { components }));
}

/** The distinct `--shiki-light` colours inside the code block that follows a heading id. */
function lightColours(html: string, headingId: string): Set<string> {
  const start = html.indexOf(`id="${headingId}"`);
  const block = html.slice(start, html.indexOf('</pre>', start));
  return new Set([...block.matchAll(/--shiki-light:(#[0-9a-fA-F]{3,8})/g)].map((m) => m[1] ?? ''));
}

describe('mdx options', () => {
  it('highlights sh, console, ocaml, yaml and ini with both themes as CSS variables', async () => {
    const html = await render(await fixture('render/highlight.mdx'));
    expect(html).toContain('class="shiki shiki-themes github-light github-dark"');
    expect(html).toMatch(/--shiki-dark:#[0-9a-fA-F]{3,8}/);
    expect(html).not.toMatch(/style="color:/);
    for (const heading of ['shell', 'console', 'ocaml', 'yaml', 'ini']) {
      expect(lightColours(html, heading).size, `${heading} has several token colours`).toBeGreaterThan(1);
    }
  }, 30_000);

  it('gives rendered headings the ids the TOC links to', async () => {
    const chapter = extractChapter('tests/fixtures/mdx/valid/basics.mdx', await fixture('valid/basics.mdx'));
    const html = await render(chapter.body);
    for (const entry of chapter.toc) expect(html).toContain(`<h${entry.depth} id="${entry.id}">`);
    expect(html).toContain('id="basics"');
  }, 30_000);

  it('renders every real chapter and the playground, with in-page links pointing at headings', async () => {
    const { chapters } = await loadContent(contentDirs({ ONRAMP_CONTENT_DIRS: 'content:tests/fixtures/content' }));
    expect(chapters.length).toBeGreaterThanOrEqual(3);
    for (const chapter of chapters) {
      const html = await render(chapter.body);
      expect(html, chapter.file).toContain('<h1');
      for (const [, anchor] of html.matchAll(/href="#([^"]+)"/g)) {
        expect(html, `${chapter.file} links to #${anchor ?? ''}`).toContain(`id="${anchor ?? ''}"`);
      }
    }
  }, 60_000);
});
