// Fixture chapters → chapters and step registry (snapshot), and cross-chapter duplicate errors.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContentError, extractChapter, loadContent } from '../../lib/content/index';

const fixtures = fileURLToPath(new URL('../fixtures/mdx/', import.meta.url));
const dir = (name: string) => path.join(fixtures, name);

async function loadError(dirs: string[]): Promise<ContentError> {
  const err = await loadContent(dirs).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ContentError)) throw new Error(`expected a ContentError, got ${String(err)}`);
  return err;
}

describe('loadContent on the fixture set', () => {
  it('produces the step registry', async () => {
    const { registry } = await loadContent([dir('valid')]);
    expect(registry).toMatchSnapshot();
  });

  it('sorts chapters by order and keeps their metadata', async () => {
    const { chapters } = await loadContent([dir('valid')]);
    expect(chapters.map((c) => [c.slug, c.order, c.stage, c.file])).toEqual([
      ['basics', 1, 'opam', 'tests/fixtures/mdx/valid/basics.mdx'],
      ['second', 2, 'intro', 'tests/fixtures/mdx/valid/second.mdx'],
    ]);
    expect(chapters[0]?.title).toBe('Basics');
    expect(chapters[0]?.summary).toBe('A fixture chapter using every feature the extractor reads.');
  });

  it('reads steps nested in Tabs and checks written inline', async () => {
    const { chapters } = await loadContent([dir('valid')]);
    const basics = chapters[0];
    expect(basics?.steps.map((s) => s.id)).toEqual(['plain-step', 'full-step', 'tabbed-step']);
    expect(basics?.checks.map((c) => [c.id, c.at.line])).toEqual([
      ['opam-version', 55],
      ['ocaml-version', 57],
    ]);
  });

  it('strips the frontmatter from the body but keeps line numbers', async () => {
    const { chapters } = await loadContent([dir('valid')]);
    const body = chapters[0]?.body ?? '';
    expect(body).not.toContain('summary:');
    expect(body.split('\n')[7]).toBe('# Basics');
  });

  it('gives search text without markup or frontmatter', async () => {
    const { chapters } = await loadContent([dir('valid')]);
    const text = chapters[0]?.searchText ?? '';
    expect(text).toContain('Intro with bold, inline code and a link.');
    expect(text).toContain('echo plain');
    expect(text).not.toMatch(/\*\*|<Step|title:/);
  });
});

describe('extractChapter', () => {
  it('reads a chapter saved with CRLF line endings without CRs in commands or positions', () => {
    const source = [
      '---',
      'title: T',
      'order: 1',
      'stage: intro',
      'summary: S',
      '---',
      '',
      '<Step id="crlf" target="host">',
      '```sh',
      'echo one',
      'echo two',
      '```',
      '</Step>',
      '',
    ].join('\r\n');
    const [step] = extractChapter('content/crlf.mdx', source).steps;
    expect(step?.command).toBe('echo one\necho two');
    expect(step?.at.line).toBe(8);
  });
});

describe('cross-chapter errors', () => {
  it('names both places of a duplicate step id', async () => {
    const err = await loadError([dir('dup-step-a'), dir('dup-step-b')]);
    expect(err.message).toMatch(
      /^tests\/fixtures\/mdx\/dup-step-b\/chapter-b\.mdx:10:1: duplicate step id "same-step"/,
    );
    expect(err.message).toContain('also declared at tests/fixtures/mdx/dup-step-a/chapter-a.mdx:10');
  });

  it('refuses two chapters with the same slug', async () => {
    const err = await loadError([dir('dup-slug-a'), dir('dup-slug-b')]);
    expect(err.message).toMatch(/^tests\/fixtures\/mdx\/dup-slug-b\/same\.mdx:1:1: duplicate chapter slug "same"/);
    expect(err.message).toContain('tests/fixtures/mdx/dup-slug-a/same.mdx');
  });

  it('refuses two chapters with the same order, at the order line', async () => {
    const err = await loadError([dir('dup-order')]);
    expect(err.message).toMatch(/^tests\/fixtures\/mdx\/dup-order\/b\.mdx:3:1: duplicate chapter order 30/);
    expect(err.message).toContain('tests/fixtures/mdx/dup-order/a.mdx');
  });

  it('says which content directory is missing', async () => {
    await expect(loadContent([dir('no-such-dir')])).rejects.toThrow(/content directory .*no-such-dir does not exist/);
  });
});
