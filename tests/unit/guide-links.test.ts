// Internal links resolve: every /guide/slug#id in the chapters, every #id inside a chapter, and
// every fix link the checks can give (collected from server/checks' source, so a new one is seen).
import GithubSlugger from 'github-slugger';
import type { Heading } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentDirs, loadContent, type Chapter } from '../../lib/content/index';
import { parseMdx } from '../../lib/content/parse-mdx';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every heading id of a chapter, as rehype-slug gives them (all depths, document order). */
function headingIds(chapter: Chapter): Set<string> {
  const slugger = new GithubSlugger();
  const ids = new Set<string>();
  visit(parseMdx(chapter.file, chapter.body), 'heading', (h: Heading) => {
    ids.add(slugger.slug(toString(h)));
  });
  return ids;
}

/** Markdown link targets of a chapter that stay inside the guide: `/guide/...` and `#...`. */
function internalLinks(chapter: Chapter): string[] {
  const links: string[] = [];
  visit(parseMdx(chapter.file, chapter.body), 'link', (link: { url: string }) => {
    if (link.url.startsWith('/') || link.url.startsWith('#')) links.push(link.url);
  });
  return links;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** The anchor of every `fix(summary, commands, anchor)` and `guideLink(anchor)` call under server/. */
function fixAnchorsInSource(dir: string): { anchors: Map<string, string>; notLiteral: string[] } {
  const anchors = new Map<string, string>();
  const notLiteral: string[] = [];
  for (const file of tsFiles(dir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const walk = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        ['fix', 'guideLink'].includes(node.expression.text)
      ) {
        const arg = node.arguments[node.expression.text === 'fix' ? 2 : 0];
        const where = `${file.slice(root.length)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (arg && ts.isStringLiteralLike(arg)) anchors.set(arg.text, where);
        else if (!file.endsWith(join('checks', 'outcome.ts'))) notLiteral.push(where);
      }
      ts.forEachChild(node, walk);
    };
    walk(source);
  }
  return { anchors, notLiteral };
}

let chapters: Chapter[];
let ids: Map<string, Set<string>>;
beforeAll(async () => {
  chapters = (await loadContent(contentDirs({}))).chapters;
  ids = new Map(chapters.map((c) => [c.slug, headingIds(c)]));
});

function resolves(url: string, from: string): string | undefined {
  // An app page (/settings, /setup) resolves when app/ has that page.
  const page = /^\/([a-z0-9-]+)$/.exec(url)?.[1];
  if (page !== undefined && page !== 'guide') {
    return existsSync(join(root, 'app', page, 'page.tsx')) ? undefined : `no app page app/${page}/page.tsx for ${url}`;
  }
  const m = /^\/guide\/([a-z0-9-]+)(?:#(.+))?$/.exec(url) ?? (url.startsWith('#') ? [url, from, url.slice(1)] : null);
  if (!m) return `${url} is not a /guide/slug#id link`;
  const [, slug = '', anchor] = m;
  const headings = ids.get(slug);
  if (!headings) return `no chapter "${slug}" (chapters: ${[...ids.keys()].join(', ')})`;
  if (anchor !== undefined && !headings.has(anchor)) return `chapter "${slug}" has no heading with id "${anchor}"`;
  return undefined;
}

describe('links inside the guide', () => {
  it('every link in a chapter names an existing chapter and heading', () => {
    let count = 0;
    for (const chapter of chapters) {
      for (const url of internalLinks(chapter)) {
        count++;
        expect(resolves(url, chapter.slug), `${chapter.file}: ${url}`).toBeUndefined();
      }
    }
    expect(count).toBeGreaterThan(10);
  });

  it('a broken link is caught (the resolver is not vacuous)', () => {
    expect(resolves('/guide/troubleshooting#no-such-section', 'x')).toMatch(/no heading/);
    expect(resolves('/guide/no-such-chapter', 'x')).toMatch(/no chapter/);
    expect(resolves('/settings', 'x')).toBeUndefined();
    expect(resolves('/no-such-page', 'x')).toMatch(/no app page/);
    expect(resolves('/guide/troubleshooting#nested-virt', 'x')).toBeUndefined();
  });

  it('every fix link the checks give resolves to a section of the troubleshooting chapter', () => {
    const { anchors, notLiteral } = fixAnchorsInSource(join(root, 'server'));
    expect(notLiteral, 'fix anchors are string literals, so they can be checked here').toEqual([]);
    expect(anchors.size).toBeGreaterThanOrEqual(30);
    const sections = ids.get('troubleshooting') ?? new Set();
    const missing = [...anchors]
      .filter(([anchor]) => !sections.has(anchor))
      .map(([anchor, where]) => `${anchor} (${where})`);
    expect(missing, 'add a heading to content/troubleshooting.mdx whose id is the anchor').toEqual([]);
  });
});
