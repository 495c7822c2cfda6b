// One chapter file → Chapter: frontmatter, body, TOC, search text, and the steps and checks it
// declares. Pure: the same source always gives the same chapter or the same ContentError.
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';
import type { CheckUse, StepDecl } from '../../protocol/steps';
import { extractCheck } from './check-use';
import { CODE_LANGS, isCodeLang } from './code-languages';
import { ContentError, contentErrorAt } from './content-error';
import { checkNoFactsInSteps, checkStepFacts, substituteFacts } from './facts';
import { parseFrontmatter } from './frontmatter';
import type { JsxElement } from './jsx-props';
import { isKnownComponent, KNOWN_COMPONENTS } from './known-components';
import { checkLayoutComponent } from './layout-components';
import { parseMdx } from './parse-mdx';
import { searchText } from './search-text';
import { extractStep } from './step-decl';
import { tabPlaces } from './tab-places';
import { tableOfContents, type TocEntry } from './toc';

export interface Chapter {
  slug: string;
  file: string;
  title: string;
  order: number;
  stage: string;
  summary: string;
  /** Where the chapter's upstream facts come from (frontmatter `sources:`), shown as references in print. */
  sources: string[];
  /** MDX source with `[[fact:…]]` replaced by their values without the frontmatter (replaced by blank lines, so line numbers match the file). */
  body: string;
  toc: TocEntry[];
  /** Plain text for search. */
  searchText: string;
  steps: StepDecl[];
  checks: CheckUse[];
}

const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function chapterSlug(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.mdx$/, '');
}

export function extractChapter(file: string, rawSource: string): Chapter {
  // Commands run under sh -c: a CR from a Windows editor would end up inside them.
  const source = rawSource.replace(/\r\n?/g, '\n');
  const slug = chapterSlug(file);
  if (!SLUG_PATTERN.test(slug)) {
    throw new ContentError(file, 1, 1, `chapter file name "${slug}.mdx" is not a valid slug; expected lowercase letters, digits and dashes, e.g. opam.mdx`);
  }
  // Facts are substituted before parsing (one parse); step commands must not hold any.
  checkNoFactsInSteps(file, source);
  const resolved = substituteFacts(file, source);
  const tree = parseMdx(file, resolved);
  const yamlNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
  const front = parseFrontmatter(
    file,
    yamlNode ? { yaml: yamlNode.value, firstLine: (yamlNode.position?.start.line ?? 1) + 1 } : undefined,
  );
  const { steps, checks } = declarations(file, slug, tree);
  for (const step of steps) checkStepFacts(file, step);
  return {
    slug,
    file,
    title: front.title,
    order: front.order,
    stage: front.stage,
    summary: front.summary,
    sources: front.sources ?? [],
    body: withoutFrontmatter(resolved, yamlNode?.position?.end.offset),
    toc: tableOfContents(tree),
    searchText: searchText(tree),
    steps,
    checks,
  };
}

function declarations(file: string, slug: string, tree: Root): { steps: StepDecl[]; checks: CheckUse[] } {
  const steps: StepDecl[] = [];
  const checks: CheckUse[] = [];
  const seen = new Map<string, number>();
  const tabs = tabPlaces(file, tree);
  // The section a step is written under: the last heading seen in reading order.
  let section: string | undefined;
  visit(tree, (node) => {
    if (node.type === 'heading' && node.depth >= 2) section = toString(node).trim() || section;
    if (node.type === 'mdxjsEsm') {
      throw contentErrorAt(file, node.position, 'import/export is not allowed in a chapter; expected only Markdown and the components ' + KNOWN_COMPONENTS.join(', '));
    }
    if (node.type === 'code' && node.lang && !isCodeLang(node.lang)) {
      throw contentErrorAt(file, node.position, `code block language "${node.lang}" is not highlighted; expected one of ${CODE_LANGS.join(', ')} (or add it to lib/content/code-languages.ts)`);
    }
    if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return undefined;
    const element: JsxElement = node;
    const name = element.name ?? '';
    if (!isKnownComponent(name)) {
      const found = name === '' ? 'a fragment <>' : `<${name}>`;
      throw contentErrorAt(file, element.position, `unknown component ${found}; expected one of ${KNOWN_COMPONENTS.join(', ')}`);
    }
    if (name === 'Step') {
      const extracted = extractStep(file, slug, element);
      const tab = tabs.placeAt(element.position?.start.offset);
      const step: StepDecl = { ...extracted, ...(tab ? { tab } : {}), ...(section ? { section } : {}) };
      const first = seen.get(step.id);
      if (first !== undefined) {
        throw contentErrorAt(file, element.position, `duplicate step id "${step.id}": also declared at ${file}:${first}; step ids must be unique across all chapters`);
      }
      seen.set(step.id, step.at.line);
      steps.push(step);
      return SKIP;
    }
    if (name === 'Check') {
      const use = extractCheck(file, slug, element);
      const tab = tabs.placeAt(element.position?.start.offset);
      checks.push(tab ? { ...use, tab } : use);
    }
    else checkLayoutComponent(file, element);
    return undefined;
  });
  return { steps, checks };
}

function withoutFrontmatter(source: string, end: number | undefined): string {
  if (end === undefined) return source;
  const blank = source.slice(0, end).replace(/[^\n]/g, '');
  return blank + source.slice(end);
}
