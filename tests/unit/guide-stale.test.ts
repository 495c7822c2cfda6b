// No stale instruction: nothing in the guide tells the reader to use what MirageOS 4, Xen 4.10+
// or VirtualBox 6.1.28+ removed. Commands (steps, code blocks) may never contain them; prose may
// only name them in a sentence that says they are gone. Minimum versions match protocol/guide-facts.ts.
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentDirs, loadContent, type Chapter } from '../../lib/content/index';
import { parseMdx } from '../../lib/content/parse-mdx';
import { factValue } from '../../protocol/guide-facts';
import { compareVersions, parseVersion } from '../../server/checks/parsers/version';

const VBOX_PACKAGE = factValue('virtualboxPackage');

const STALE: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: '`mirage build` (removed in mirage 4.5)', pattern: /\bmirage\s+build\b/ },
  { what: '`mirage configure --xen` (now -t xen)', pattern: /\bmirage\s+configure\s+--xen\b/ },
  { what: '`builder=` in an .xl (Xen 4.10 replaced it with type=)', pattern: /\bbuilder\s*=/ },
  { what: 'booting `xen.xl` (the .xl is named after the unikernel)', pattern: /(^|[\s/'"`])xen\.xl\b/ },
  {
    what: '`--dhcp true/false` (mirage 4.11.0 replaced it with the flag --no-dhcp)',
    pattern: /--dhcp(?:\s+|=)(?:true|false)\b/,
  },
  {
    what: `an old VirtualBox package (today's is ${VBOX_PACKAGE})`,
    pattern: new RegExp(
      `\\bvirtualbox-(?!${VBOX_PACKAGE.slice('virtualbox-'.length).replace('.', '\\.')}\\b)\\d+\\.\\d+\\b`,
    ),
  },
];

/** Words that make a sentence a statement that the thing is gone, not an instruction to use it. */
const GONE = /\b(removed|gone|no longer|replaced|old|older|stale|predates?)\b/i;

interface StaleFinding {
  readonly where: string;
  readonly what: string;
  readonly text: string;
}

function staleIn(text: string): string | undefined {
  return STALE.find((s) => s.pattern.test(text))?.what;
}

/** Stale instructions in one chapter's MDX body: any in code, and in prose any sentence that does not say it is gone. */
function findStale(file: string, body: string): StaleFinding[] {
  const tree: Root = parseMdx(file, body);
  const found: StaleFinding[] = [];
  visit(tree, (node) => {
    const line = node.position?.start.line ?? 0;
    if (node.type === 'code') {
      const what = staleIn(node.value);
      if (what) found.push({ where: `${file}:${line} (code)`, what, text: node.value });
      return 'skip';
    }
    if (node.type === 'paragraph' || node.type === 'tableCell' || node.type === 'heading') {
      for (const sentence of toString(node).split(/(?<=[.!?])\s+/)) {
        const what = staleIn(sentence);
        if (what && !GONE.test(sentence)) found.push({ where: `${file}:${line} (prose)`, what, text: sentence });
      }
      return 'skip';
    }
    return undefined;
  });
  return found;
}

const MINIMUMS: Readonly<Record<string, readonly string[]>> = {
  opam: [factValue('opamMinimum'), factValue('opamMinimum').replace(/\.0$/, '')],
  ocaml: [factValue('ocamlMinimum'), factValue('ocamlMirageMinimum')],
  xen: [factValue('xenMinimum')],
  virtualbox: [factValue('virtualboxMinimum')],
};

/** "OCaml 4.12.1 or newer" below the guide's OCaml minimum is stale (mirage needs more today). */
function staleOcamlMinimums(body: string): string[] {
  const floor = parseVersion(factValue('ocamlMirageMinimum')) ?? [];
  return statedMinimums(body)
    .filter(([tool, version]) => tool === 'ocaml' && compareVersions(parseVersion(version) ?? [], floor) < 0)
    .map(([, version]) => version);
}

/** "opam 2.1.0 or newer", "**OCaml 4.12.1 or newer**": each stated minimum, as [tool, version]. */
function statedMinimums(body: string): [string, string][] {
  return [...body.matchAll(/\b(opam|OCaml|Xen|VirtualBox)\s+(\d+(?:\.\d+)*)\*{0,2}\s+or\s+(?:newer|later)/gi)].map(
    (m) => [(m[1] ?? '').toLowerCase(), m[2] ?? ''],
  );
}

let chapters: Chapter[];
beforeAll(async () => {
  chapters = (await loadContent(contentDirs({}))).chapters;
});

describe('the stale-instruction scan', () => {
  it('flags stale commands in code and instructions in prose, and allows a sentence that says they are gone', () => {
    const body = [
      'Then run `mirage build` to build it.',
      '',
      '```sh',
      'mirage configure --xen && make',
      '```',
      '',
      "Write `builder='linux'` in the file.",
      '',
      'Boot it with `sudo xl create -c xen.xl`.',
      '',
      '`mirage build` was removed in mirage 4.5. The old `builder=` line is gone.',
      '',
      'Configure it with `mirage configure -t xen --dhcp true`.',
      '',
      '```sh',
      'apt-get install -y virtualbox-7.1',
      '```',
      '',
      'mirage 4.11.0 replaced the old `--dhcp false` with `--no-dhcp`.',
    ].join('\n');
    expect(findStale('x.mdx', body).map((f) => [f.where, f.what.split(' ')[0]])).toEqual([
      ['x.mdx:1 (prose)', '`mirage'],
      ['x.mdx:3 (code)', '`mirage'],
      ['x.mdx:7 (prose)', '`builder=`'],
      ['x.mdx:9 (prose)', 'booting'],
      ['x.mdx:13 (prose)', '`--dhcp'],
      ['x.mdx:15 (code)', 'an'],
    ]);
    expect(staleIn(`apt-get install -y ${VBOX_PACKAGE}`)).toBeUndefined();
  });

  it('flags an OCaml minimum below the facts module: "OCaml 4.12.1 or newer" is stale today', () => {
    expect(staleOcamlMinimums('MirageOS 4 needs **OCaml 4.12.1 or newer**.')).toEqual(['4.12.1']);
    expect(staleOcamlMinimums(`needs OCaml ${factValue('ocamlMinimum')} or newer`)).toEqual([]);
    for (const chapter of chapters) expect(staleOcamlMinimums(chapter.body), chapter.file).toEqual([]);
  });

  it('finds nothing stale in any chapter', () => {
    const findings = chapters.flatMap((c) => findStale(c.file, c.body));
    expect(findings).toEqual([]);
  });

  it('finds no stale command in any step', () => {
    for (const chapter of chapters) {
      for (const step of chapter.steps) expect(staleIn(step.command), `${chapter.file} ${step.id}`).toBeUndefined();
    }
  });

  it('the guide says what changed: the old commands are named where it says they are gone', () => {
    const text = chapters.map((c) => c.body).join('\n');
    expect(text).toMatch(/`mirage build` was removed in mirage 4\.5/);
    expect(text).toMatch(/`mirage configure --xen` is gone/);
  });

  it('states the minimum versions of protocol/guide-facts.ts (opam, OCaml, Xen, VirtualBox)', () => {
    const stated = chapters.flatMap((c) =>
      statedMinimums(c.body).map(([tool, version]) => ({ file: c.file, tool, version })),
    );
    expect(new Set(stated.map((s) => s.tool))).toEqual(new Set(Object.keys(MINIMUMS)));
    for (const s of stated) expect(MINIMUMS[s.tool], `${s.file}: ${s.tool} ${s.version} or newer`).toContain(s.version);
  });
});
