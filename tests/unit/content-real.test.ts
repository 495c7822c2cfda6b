// The real chapters (content/) and the test playground load cleanly and declare what the rest of
// Onramp relies on.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentDirs, loadContent, repoRoot } from '../../lib/content/index';
import type { StepDecl } from '../../protocol/steps';
import { contentSummaryLine } from '../../lib/content/content-summary';
import { catalogueEntries } from '../../protocol/checks-api';
import { CHECKS } from '../../protocol/check-catalog';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('contentDirs', () => {
  it('defaults to content/ under the repository root, whatever the cwd', () => {
    expect(path.resolve(repoRoot())).toBe(path.resolve(root));
    expect(contentDirs({})).toEqual([path.join(path.resolve(root), 'content')]);
  });

  it('reads ONRAMP_CONTENT_DIRS, colon-separated, relative to the root', () => {
    expect(contentDirs({ ONRAMP_CONTENT_DIRS: 'content:tests/fixtures/content:/abs/dir' })).toEqual([
      path.join(path.resolve(root), 'content'),
      path.join(path.resolve(root), 'tests/fixtures/content'),
      '/abs/dir',
    ]);
  });
});

describe('the real content', () => {
  it('loads in order, every step with a command', async () => {
    const { chapters, registry } = await loadContent(contentDirs({}));
    expect(chapters.slice(0, 3).map((c) => [c.slug, c.order, c.stage, c.title])).toEqual([
      ['choose-your-path', 0, 'host', 'Choose your path'],
      ['opam', 1, 'opam', 'Install opam and OCaml'],
      ['mirage', 2, 'mirage', 'Install the mirage tool'],
    ]);
    expect(registry.steps.length).toBeGreaterThan(0);
    for (const step of registry.steps) expect(step.command.trim(), step.id).not.toBe('');
  });

  it('ends the chapters with their checks', async () => {
    const { chapters } = await loadContent(contentDirs({}));
    const checks = (slug: string) => chapters.find((c) => c.slug === slug)?.checks.map((c) => c.id);
    expect(checks('opam')).toEqual(['opam-version', 'opam-initialised', 'opam-env', 'ocaml-version']);
    expect(checks('mirage')).toEqual(['mirage-version']);
  });

  it('loads the opam environment in every step that uses a switch tool (each step is a fresh sh -c)', async () => {
    const { registry } = await loadContent(contentDirs({}));
    const usesSwitch = registry.steps.filter((s) =>
      /(^|[;&|]\s*)(mirage|ocaml|opam install|opam switch show)\b/m.test(s.command),
    );
    expect(usesSwitch.map((s) => s.id)).toEqual(
      expect.arrayContaining(['mirage-install', 'mirage-version-show', 'ocaml-version-show']),
    );
    for (const step of usesSwitch) expect(step.command, step.id).toContain('eval "$(opam env)"');
  });

  it('never tells the reader to run `mirage build` (removed in mirage 4.5)', async () => {
    const { chapters } = await loadContent(contentDirs({}));
    for (const chapter of chapters) {
      for (const step of chapter.steps) expect(step.command).not.toMatch(/mirage\s+build/);
      const fences = chapter.body.match(/```[\s\S]*?```/g) ?? [];
      for (const fence of fences) expect(fence, chapter.file).not.toMatch(/mirage\s+build/);
    }
  });
});

describe('the test playground', () => {
  it('declares the steps the server and end-to-end tests use', async () => {
    const { chapters, registry } = await loadContent(
      contentDirs({ ONRAMP_CONTENT_DIRS: 'content:tests/fixtures/content' }),
    );
    expect(chapters.at(-1)?.slug).toBe('playground');
    const byId = new Map<string, StepDecl>(
      registry.steps.filter((s) => s.chapter === 'playground').map((s) => [s.id, s]),
    );
    expect([...byId.keys()].sort()).toEqual(
      [
        'count-slowly',
        'dom0-count-slowly',
        'dom0-hello',
        'dom0-root-whoami',
        'echo-hello',
        'echo-param',
        'exit-three',
        'flood',
        'flood-small',
        'ignore-hup',
        'image-build-as-user',
        'root-whoami',
        'touch-param',
      ].sort(),
    );
    for (const step of byId.values()) expect(step.target).toBe(step.id.startsWith('dom0-') ? 'dom0' : 'host');
    expect(byId.get('dom0-hello')?.command).toBe('uname -s; echo "dom0 says hi"');
    expect(byId.get('echo-hello')?.command).toBe('echo "hello from onramp"');
    expect(byId.get('echo-param')?.params).toEqual([{ name: 'message', kind: 'text' }]);
    expect(byId.get('echo-param')?.command).toBe(`printf 'message=[%s]\\n' "$ONRAMP_MESSAGE"`);
    expect(byId.get('touch-param')?.params).toEqual([{ name: 'dir', kind: 'path' }]);
    expect(byId.get('touch-param')?.command).toBe('ls -d -- "$ONRAMP_DIR"');
    expect(byId.get('exit-three')?.command).toMatch(/exit 3$/);
    expect(byId.get('flood')?.command).toContain('head -n 1000000');
    expect(byId.get('flood-small')?.command).toContain('head -n 10000');
    expect(byId.get('root-whoami')?.root).toBe(true);
    expect(byId.get('dom0-root-whoami')?.root).toBe(true);
    expect(byId.get('image-build-as-user')?.root).toBe(false);
  });
});

describe('the content summary line', () => {
  it('counts distinct checks, the number the dashboard lists (xen-running is in two chapters)', async () => {
    const { chapters, registry } = await loadContent(contentDirs({}));
    const line = contentSummaryLine(chapters.length, registry);
    const shown = catalogueEntries(CHECKS).length;
    expect(line).toContain(`, ${shown} checks`);
    expect(registry.checks.filter((c) => c.id === 'xen-running').length).toBe(2);
    expect(line).toContain(`(${registry.checks.length} check boxes in chapters`);
  });
});
