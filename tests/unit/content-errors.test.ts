// Every malformed chapter fails with a ContentError at the exact file:line:column and a reason.
import { describe, expect, it } from 'vitest';
import { ContentError, extractChapter } from '../../lib/content/index';

const FILE = 'content/broken.mdx';
const FRONT = ['---', 'title: Broken', 'order: 5', 'stage: opam', 'summary: A chapter with a mistake.', '---', ''];

/** A chapter whose body starts on line 8. */
const chapter = (...body: string[]) => [...FRONT, ...body, ''].join('\n');
const step = (open: string, ...inside: string[]) => [
  open,
  ...(inside.length ? inside : ['```sh', 'echo hi', '```']),
  '</Step>',
];

function errorOf(source: string, file = FILE): ContentError {
  try {
    extractChapter(file, source);
  } catch (err) {
    if (err instanceof ContentError) return err;
    throw err;
  }
  throw new Error('expected a ContentError, the chapter was accepted');
}

interface Case {
  readonly what: string;
  readonly source: string;
  readonly at: string;
  readonly reason: RegExp;
}

const cases: Case[] = [
  { what: 'no frontmatter', source: '# Title\n', at: '1:1', reason: /no frontmatter found/ },
  {
    what: 'frontmatter not YAML',
    source: chapter().replace('order: 5', 'order: [5'),
    at: '4:1',
    reason: /frontmatter is not valid YAML/,
  },
  {
    what: 'missing title',
    source: chapter().replace('title: Broken\n', ''),
    at: '1:1',
    reason: /field "title" is missing/,
  },
  {
    what: 'negative order',
    source: chapter().replace('order: 5', 'order: -1'),
    at: '3:1',
    reason: /field "order" is -1; expected an integer 0 or greater/,
  },
  {
    what: 'fractional order',
    source: chapter().replace('order: 5', 'order: 1.5'),
    at: '3:1',
    reason: /field "order" is 1.5/,
  },
  {
    what: 'unknown stage',
    source: chapter().replace('stage: opam', 'stage: cooking'),
    at: '4:1',
    reason: /field "stage" is "cooking"; expected one of host, opam/,
  },
  {
    what: 'summary not a string',
    source: chapter().replace('summary: A chapter with a mistake.', 'summary: 12'),
    at: '5:1',
    reason: /field "summary" is 12/,
  },
  {
    what: 'unknown frontmatter field',
    source: chapter().replace('stage: opam', 'stage: opam\nauthor: me'),
    at: '5:1',
    reason: /field "author" is not known/,
  },
  {
    what: 'expression prop',
    source: chapter(...step('<Step id={name} target="host">')),
    at: '8:7',
    reason: /prop "id" is an expression \{name\}; expected a literal/,
  },
  {
    what: 'spread prop',
    source: chapter(...step('<Step id="a" target="host" {...rest}>')),
    at: '8:28',
    reason: /spread prop \{\.\.\.rest\}/,
  },
  {
    what: 'unknown prop',
    source: chapter(...step('<Step id="a" target="host" sudo>')),
    at: '8:28',
    reason: /unknown prop "sudo"; expected only id, target, params, root, timeout/,
  },
  {
    what: 'flag with a value',
    source: chapter(...step('<Step id="a" target="host" root="yes">')),
    at: '8:28',
    reason: /prop "root" is a flag; write it bare/,
  },
  {
    what: 'flag as an expression',
    source: chapter(...step('<Step id="a" target="host" root={true}>')),
    at: '8:28',
    reason: /prop "root" is an expression \{true\}; expected the bare flag root/,
  },
  {
    what: 'unknown target',
    source: chapter(...step('<Step id="a" target="domU">')),
    at: '8:14',
    reason: /has target "domU"; expected target="host".*or target="dom0"/,
  },
  { what: 'missing target', source: chapter(...step('<Step id="a">')), at: '8:1', reason: /has no target/ },
  { what: 'missing id', source: chapter(...step('<Step target="host">')), at: '8:1', reason: /<Step> has no id/ },
  {
    what: 'bad id',
    source: chapter(...step('<Step id="Opam_Install" target="host">')),
    at: '8:7',
    reason: /id "Opam_Install" is not valid; expected lowercase letters, digits and dashes/,
  },
  {
    what: 'params: unknown kind',
    source: chapter(...step('<Step id="a" target="host" params="dir:file">')),
    at: '8:28',
    reason: /parameter "dir" has unknown kind "file"; expected one of path, ifname, host, name, int, text/,
  },
  {
    what: 'params: not name:kind',
    source: chapter(...step('<Step id="a" target="host" params="dir">')),
    at: '8:28',
    reason: /parameter "dir" is not name:kind/,
  },
  {
    what: 'params: bad name',
    source: chapter(...step('<Step id="a" target="host" params="Dir:path">')),
    at: '8:28',
    reason: /parameter name "Dir"/,
  },
  {
    what: 'params: bad default',
    source: chapter(...step('<Step id="a" target="host" params="n:int=ten">')),
    at: '8:28',
    reason: /default "ten" of parameter "n" is not a valid int/,
  },
  {
    what: 'params: declared twice',
    source: chapter(...step('<Step id="a" target="host" params="d:path d:path">')),
    at: '8:28',
    reason: /parameter "d" is declared twice/,
  },
  {
    what: 'bad timeout',
    source: chapter(...step('<Step id="a" target="host" timeout="10m">')),
    at: '8:28',
    reason: /timeout "10m" is not valid; expected whole seconds/,
  },
  {
    what: 'no child',
    source: chapter('<Step id="a" target="host" />'),
    at: '8:1',
    reason: /has no children; expected exactly one fenced code block/,
  },
  {
    what: 'prose instead of code',
    source: chapter(...step('<Step id="a" target="host">', 'echo hi')),
    at: '9:1',
    reason: /has a paragraph first; expected exactly one fenced code block/,
  },
  {
    what: 'extra child',
    source: chapter(...step('<Step id="a" target="host">', '```sh', 'echo hi', '```', '', 'Then this.')),
    at: '13:1',
    reason: /has a paragraph after its code block/,
  },
  {
    what: 'code without language',
    source: chapter(...step('<Step id="a" target="host">', '```', 'echo hi', '```')),
    at: '9:1',
    reason: /code block has no language; expected one of/,
  },
  {
    what: 'empty command',
    source: chapter(...step('<Step id="a" target="host">', '```sh', '```')),
    at: '9:1',
    reason: /code block is empty/,
  },
  {
    what: 'duplicate step id in one chapter',
    source: chapter(...step('<Step id="twice" target="host">'), '', ...step('<Step id="twice" target="host">')),
    at: '14:1',
    reason: /duplicate step id "twice": also declared at content\/broken\.mdx:8/,
  },
  {
    what: 'unknown check id',
    source: chapter('<Check id="xen-is-magic" />'),
    at: '8:8',
    reason: /<Check> id "xen-is-magic" is not a known check; expected one of .*opam-version/,
  },
  { what: 'check without id', source: chapter('<Check />'), at: '8:1', reason: /<Check> has no id/ },
  {
    what: 'check with children',
    source: chapter('<Check id="opam-version">', 'text', '</Check>'),
    at: '9:1',
    reason: /has children; expected a self-closing/,
  },
  {
    what: 'unknown component',
    source: chapter('Some text.', '', '<Terminal cmd="ls" />'),
    at: '10:1',
    reason: /unknown component <Terminal>; expected one of Step, Check, Callout, Tabs, Tab/,
  },
  {
    what: 'unknown inline element',
    source: chapter('Some <b>bold</b> text.'),
    at: '8:6',
    reason: /unknown component <b>/,
  },
  {
    what: 'unknown callout type',
    source: chapter('<Callout type="info">', 'Text.', '</Callout>'),
    at: '8:10',
    reason: /<Callout> type "info" is not known; expected one of note, tip, warning, danger/,
  },
  {
    what: 'callout with an expression prop',
    source: chapter('<Callout title={t}>', 'Text.', '</Callout>'),
    at: '8:10',
    reason: /<Callout> prop "title" is an expression/,
  },
  {
    what: 'tab without label',
    source: chapter('<Tabs>', '<Tab>', 'Text.', '</Tab>', '</Tabs>'),
    at: '9:1',
    reason: /<Tab> has no label/,
  },
  {
    what: 'tabs with a prop',
    source: chapter('<Tabs default="linux">', '<Tab label="Linux">', 'Text.', '</Tab>', '</Tabs>'),
    at: '8:7',
    reason: /<Tabs> has unknown prop "default"; <Tabs> takes no props/,
  },
  {
    what: 'import statement',
    source: chapter('import X from "./x.js"', '', 'Text.'),
    at: '8:1',
    reason: /import\/export is not allowed/,
  },
  {
    what: 'code language not highlighted',
    source: chapter('```rust', 'fn main() {}', '```'),
    at: '8:1',
    reason: /language "rust" is not highlighted/,
  },
  {
    what: 'unclosed Step tag',
    source: chapter('<Step id="a" target="host">', '```sh', 'echo', '```'),
    at: '8:1',
    reason: /MDX syntax error: Expected a closing tag for `<Step>`/,
  },
  {
    what: 'bare < in prose',
    source: chapter('Line one.', 'Use a <= b.'),
    at: '9:8',
    reason: /MDX syntax error: .*escaped as \\</,
  },
  {
    what: 'unclosed brace in prose',
    source: chapter('Set {x to one.'),
    at: '8:',
    reason: /MDX syntax error: .*closing brace/,
  },
  {
    what: 'reboot marker on a host step',
    source: chapter(...step('<Step id="a" target="host" reboot>')),
    at: '8:28',
    reason: /marked reboot but runs on target="host"; expected reboot only on a target="dom0" step/,
  },
  {
    what: 'skipIf naming no check',
    source: chapter(...step('<Step id="a" target="dom0" skipIf="xen-up">')),
    at: '8:28',
    reason: /skipIf="xen-up" is not a known check; expected one of host-platform, /,
  },
  {
    what: 'manual marker without a sentence',
    source: chapter(...step('<Step id="a" target="host" manual="do it">')),
    at: '8:28',
    reason: /manual="do it" is too short; expected a sentence/,
  },
  {
    what: 'manual and reboot together',
    source: chapter(...step('<Step id="a" target="dom0" reboot manual="Install it by hand, then continue">')),
    at: '8:35',
    reason: /marked both reboot and manual/,
  },
  {
    what: 'Tab path that is not a setup path',
    source: chapter('<Tabs>', '<Tab label="A" path="kvm">', 'Text.', '</Tab>', '</Tabs>'),
    at: '9:16',
    reason: /<Tab> path "kvm" is not a setup path; expected one of virtualbox, qemu, generic/,
  },
  {
    what: 'nested Tabs',
    source: chapter(
      '<Tabs>',
      '<Tab label="A">',
      '<Tabs>',
      '<Tab label="B">',
      'Text.',
      '</Tab>',
      '</Tabs>',
      '</Tab>',
      '</Tabs>',
    ),
    at: '10:1',
    reason: /<Tabs> inside <Tab label="A">; expected tabs side by side, never nested/,
  },
];

describe('extractChapter errors', () => {
  it.each(cases)('$what → $at', ({ source, at, reason }) => {
    const err = errorOf(source);
    expect(err.message.startsWith(`${FILE}:${at}`), `${err.message} should start with ${FILE}:${at}`).toBe(true);
    expect(err.reason).toMatch(reason);
    expect(err.file).toBe(FILE);
  });

  it('keeps file, line and column as fields', () => {
    const err = errorOf(chapter(...step('<Step id="a" target="domU">')));
    expect([err.file, err.line, err.column]).toEqual([FILE, 8, 14]);
    expect(err).toBeInstanceOf(Error);
  });

  it('rejects a file name that is not a slug', () => {
    expect(errorOf(chapter('Text.'), 'content/Read Me.mdx').message).toMatch(
      /^content\/Read Me\.mdx:1:1: chapter file name "Read Me\.mdx" is not a valid slug/,
    );
  });

  it('accepts the same chapter once fixed', () => {
    expect(extractChapter(FILE, chapter(...step('<Step id="a" target="host">'))).steps).toHaveLength(1);
  });
});
