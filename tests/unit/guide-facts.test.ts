// One source for the facts the guide and the checks share (protocol/guide-facts.ts): chapters
// read them as [[fact:NAME]], never hard-code a version the module owns, keep step commands
// literal (checked against the module), and say where their facts come from (sources:).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SKIP, visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentDirs, ContentError, extractChapter, loadContent, type Chapter } from '../../lib/content/index';
import { checkNoFactsInSteps, checkStepFacts, substituteFacts } from '../../lib/content/facts';
import { parseMdx } from '../../lib/content/parse-mdx';
import { CHECKS } from '../../protocol/check-catalog';
import { factValue, GUIDE_FACTS, type GuideFactName } from '../../protocol/guide-facts';
import type { StepDecl } from '../../protocol/steps';

const CONTENT = resolve(import.meta.dirname, '../../content');

/** Facts that are version numbers: a chapter must print them through [[fact:…]]. */
const VERSION_FACTS = (Object.keys(GUIDE_FACTS) as GuideFactName[]).filter((name) =>
  /^\d+(\.\d+)+$/.test(factValue(name)),
);

function versionPattern(value: string): RegExp {
  // Not part of a longer number: "4.14" is not found in "4.14.2", nor "6.1" in "192.168.56.1".
  return new RegExp(`(?<![\\w.])${value.replace(/\./g, '\\.')}(?!\\w|\\.\\d)`);
}

interface HardCoded {
  readonly where: string;
  readonly fact: GuideFactName;
  readonly text: string;
}

/** Versions the module owns written literally in a chapter's source, outside step commands and the frontmatter. */
function hardCodedVersions(file: string, source: string): HardCoded[] {
  const found: HardCoded[] = [];
  visit(parseMdx(file, source), (node) => {
    if (node.type === 'yaml') return SKIP;
    if (node.type === 'mdxJsxFlowElement' && node.name === 'Step') return SKIP;
    if (!('value' in node) || typeof node.value !== 'string') return undefined;
    for (const fact of VERSION_FACTS) {
      if (versionPattern(factValue(fact)).test(node.value)) {
        found.push({ where: `${file}:${node.position?.start.line ?? 0}`, fact, text: node.value.slice(0, 120) });
      }
    }
    return undefined;
  });
  return found;
}

const step = (command: string): StepDecl => ({
  id: 'x' as StepDecl['id'],
  target: 'host',
  command,
  lang: 'sh',
  params: [],
  root: false,
  chapter: 'x',
  at: { file: 'x.mdx', line: 9 },
});

let chapters: Chapter[];
beforeAll(async () => {
  chapters = (await loadContent(contentDirs({}))).chapters;
});

describe('facts in chapters', () => {
  it('substitutes [[fact:NAME]] in prose, code spans and display code, and keeps line numbers', () => {
    const source = 'OCaml [[fact:ocamlMinimum]] or newer.\n\n`xen_version : [[fact:debianXenVersion]]`\n';
    expect(substituteFacts('x.mdx', source)).toBe(
      `OCaml ${factValue('ocamlMinimum')} or newer.\n\n\`xen_version : ${factValue('debianXenVersion')}\`\n`,
    );
  });

  it('fails the build at the placeholder for an unknown fact', () => {
    const run = () => substituteFacts('x.mdx', 'line one\nOCaml [[fact:ocamlMinimun]] or newer');
    expect(run).toThrow(ContentError);
    expect(run).toThrow(/^x\.mdx:2:7: unknown fact "\[\[fact:ocamlMinimun\]\]"; expected one of opamMinimum, /);
  });

  it('keeps step commands literal: a placeholder in a step fails the build at the placeholder', () => {
    const source =
      'Text [[fact:ocamlMinimum]].\n\n<Step id="x" target="host">\n```sh\napt-get install -y [[fact:virtualboxPackage]]\n```\n</Step>\n';
    expect(() => checkNoFactsInSteps('x.mdx', source)).toThrow(
      /^x\.mdx:5:20: a <Step> command contains \[\[fact:virtualboxPackage\]\]; expected a literal command/,
    );
    expect(() => checkNoFactsInSteps('x.mdx', 'Text [[fact:ocamlMinimum]].\n')).not.toThrow();
  });

  it('checks a literal fact in a step command against the module', () => {
    expect(() => checkStepFacts('x.mdx', step('apt-get install -y virtualbox-7.1'))).toThrow(
      `x.mdx:9:1: <Step id="x"> command says "virtualbox-7.1"; protocol/guide-facts.ts says virtualboxPackage is "${factValue('virtualboxPackage')}"`,
    );
    expect(() => checkStepFacts('x.mdx', step('opam switch create mirage ocaml-base-compiler.4.14.1'))).toThrow(
      /says "4\.14\.1"; protocol\/guide-facts\.ts says ocamlSwitchVersion is "4\.14\.2"/,
    );
    expect(() => checkStepFacts('x.mdx', step(`apt-get install -y ${factValue('virtualboxPackage')}`))).not.toThrow();
  });

  it('the chapter build applies both: facts substituted in the body and search text, steps literal', () => {
    const source = [
      '---',
      'title: T',
      'order: 1',
      'stage: opam',
      'summary: S',
      '---',
      '',
      '## OCaml [[fact:ocamlMinimum]]',
      '',
      '<Step id="s" target="host">',
      '```sh',
      'opam switch create mirage ocaml-base-compiler.4.14.2',
      '```',
      '</Step>',
      '',
    ].join('\n');
    const chapter = extractChapter('x.mdx', source);
    expect(chapter.body).toContain(`## OCaml ${factValue('ocamlMinimum')}`);
    expect(chapter.body.split('\n')[7]).toBe(`## OCaml ${factValue('ocamlMinimum')}`);
    expect(chapter.searchText).toContain(`OCaml ${factValue('ocamlMinimum')}`);
    expect(chapter.toc[0]?.text).toBe(`OCaml ${factValue('ocamlMinimum')}`);
    expect(chapter.steps[0]?.command).toBe('opam switch create mirage ocaml-base-compiler.4.14.2');
  });

  it('finds a hard-coded version the module owns (the scan itself)', () => {
    const found = hardCodedVersions('x.mdx', 'Needs OCaml 4.14 or newer; the switch uses 4.14.2, not 192.168.56.1.\n');
    expect(found.map((f) => f.fact).sort()).toEqual(['ocamlMinimum', 'ocamlSwitchVersion']);
  });

  it('no chapter hard-codes a version that protocol/guide-facts.ts owns (write [[fact:NAME]])', () => {
    const files = readdirSync(CONTENT).filter((f) => f.endsWith('.mdx'));
    const found = files.flatMap((f) => hardCodedVersions(`content/${f}`, readFileSync(join(CONTENT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('no placeholder is left in any rendered chapter body', () => {
    for (const chapter of chapters) expect(chapter.body, chapter.file).not.toMatch(/\[\[fact:/);
  });

  it("the checks' titles print the same minimums as the chapters", () => {
    expect(CHECKS['ocaml-version'].title).toBe(`OCaml ${factValue('ocamlMinimum')} or newer`);
    expect(CHECKS['mirage-version'].title).toContain(factValue('mirageMinimum'));
    expect(CHECKS['xen-version'].title).toBe(`Xen ${factValue('xenMinimum')} or newer`);
    const text = chapters.map((c) => c.body).join('\n');
    expect(text).toContain(`OCaml ${factValue('ocamlMinimum')}`);
    expect(text).toContain(`Xen ${factValue('xenMinimum')}`);
  });
});

describe('sources', () => {
  it('every chapter says where its upstream facts come from (frontmatter sources:)', () => {
    for (const chapter of chapters) expect(chapter.sources.length, chapter.file).toBeGreaterThan(0);
  });

  it('every fact names its source', () => {
    for (const [name, fact] of Object.entries(GUIDE_FACTS)) expect(fact.source.length, name).toBeGreaterThan(10);
  });
});
