// The whole guide: every chapter loads and renders with the app's own components (and with the
// print components), in the planned order, and every check is used where the catalogue says.
import { evaluate } from '@mdx-js/mdx';
import type { MDXComponents } from 'mdx/types';
import { createElement } from 'react';
import * as runtime from 'react/jsx-runtime';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { mdxComponents } from '../../components/mdx';
import { printComponents } from '../../components/print/print-components';
import { contentDirs, loadContent, type Content } from '../../lib/content/index';
import { mdxOptions } from '../../lib/content/mdx-options';
import { CHECKS, STAGES, type KnownCheckId } from '../../protocol/check-catalog';

const GUIDE = [
  ['choose-your-path', 'host'],
  ['opam', 'opam'],
  ['mirage', 'mirage'],
  ['hello-unix', 'hello-unix'],
  ['virtualbox', 'virtualbox'],
  ['dom0-vm', 'dom0-vm'],
  ['xen', 'xen'],
  ['dom0', 'dom0'],
  ['hello-xen', 'unikernel'],
  ['boot', 'unikernel'],
  ['networked-unikernels', 'unikernel'],
  ['troubleshooting', 'reference'],
] as const;

let content: Content;
beforeAll(async () => {
  content = await loadContent(contentDirs({}));
});

async function render(body: string, components: MDXComponents): Promise<string> {
  const { default: Chapter } = await evaluate(body, { ...runtime, ...mdxOptions });
  return renderToStaticMarkup(createElement(Chapter, { components }));
}

describe('the guide', () => {
  it('has every chapter from zero to hello-world on Xen, in order, with its stage', () => {
    expect(content.chapters.map((c) => [c.slug, c.stage])).toEqual(GUIDE.map(([slug, stage]) => [slug, stage]));
  });

  it('renders every chapter with the app components: a step section per step, a check per check', async () => {
    const components = mdxComponents(content.registry);
    for (const chapter of content.chapters) {
      const html = await render(chapter.body, components);
      expect(html, chapter.file).toContain('<h1');
      for (const step of chapter.steps)
        expect(html, `${chapter.file} ${step.id}`).toContain(`data-testid="step-${step.id}"`);
      for (const check of chapter.checks)
        expect(html, `${chapter.file} ${check.id}`).toContain(`data-testid="check-${check.id}"`);
    }
  }, 120_000);

  it('renders every chapter for print: steps labelled with their target, no buttons', async () => {
    const components = printComponents(content.registry);
    for (const chapter of content.chapters) {
      const html = await render(chapter.body, components);
      expect(html, chapter.file).not.toContain('<button');
      for (const step of chapter.steps) {
        const label = step.target === 'dom0' ? 'In dom0 (over SSH)' : 'On your computer';
        expect(html, step.id).toMatch(
          new RegExp(
            `data-testid="print-step-${step.id}" data-target="${step.target}"><figcaption><strong>${label.replace(/[()]/g, '\\$&')}${step.root ? ', as root' : ''}</strong>`,
          ),
        );
      }
    }
  }, 120_000);

  it('shows the network diagram in the dom0 networking chapter', async () => {
    const dom0 = content.chapters.find((c) => c.slug === 'dom0');
    const html = await render(dom0?.body ?? '', mdxComponents(content.registry));
    expect(html).toContain('data-testid="network-diagram"');
    expect(html).toContain('192.168.56.5');
  }, 60_000);

  it('uses every check in the chapter the catalogue names, and nothing outside the catalogue', () => {
    const usedIn = new Map<string, Set<string>>();
    for (const chapter of content.chapters) {
      for (const check of chapter.checks) {
        expect(Object.hasOwn(CHECKS, check.id), `${chapter.file}: ${check.id}`).toBe(true);
        usedIn.set(check.id, (usedIn.get(check.id) ?? new Set()).add(chapter.slug));
      }
    }
    for (const [id, meta] of Object.entries(CHECKS)) {
      expect([...(usedIn.get(id) ?? [])], `check ${id} belongs to chapter ${meta.chapter}`).toContain(meta.chapter);
    }
  });

  it('ends every stage with its checks: the last check of each stage comes after its last step', () => {
    for (const stage of STAGES) {
      const chapters = content.chapters.filter(
        (c) => c.stage === stage || c.checks.some((k) => CHECKS[k.id as KnownCheckId].stage === stage),
      );
      const checks = chapters.flatMap((c) => c.checks.filter((k) => CHECKS[k.id as KnownCheckId].stage === stage));
      expect(checks.length, `stage ${stage} has a check`).toBeGreaterThan(0);
    }
    for (const chapter of content.chapters) {
      if (chapter.steps.length === 0) continue;
      const lastStep = Math.max(...chapter.steps.filter((s) => !isOptionalTail(s.id)).map((s) => s.at.line));
      const lastCheck = Math.max(...chapter.checks.map((c) => c.at.line));
      expect(lastCheck, `${chapter.file}: a check after its main steps`).toBeGreaterThan(lastStep);
    }
  });

  it('declares every ONRAMP_ variable a step uses as a parameter, uses every parameter, and always double-quotes it', () => {
    for (const step of content.registry.steps) {
      const uses = [...step.command.matchAll(/\$\{?ONRAMP_([A-Z0-9_]+)/g)];
      const used = new Set(uses.map((m) => (m[1] ?? '').toLowerCase()));
      expect([...used].sort(), step.id).toEqual(step.params.map((p) => p.name).sort());
      for (const use of uses)
        expect(insideDoubleQuotes(step.command, use.index), `${step.id}: ${use[0]} is double-quoted`).toBe(true);
    }
  });
});

/** Whether the character at `index` of a sh command is inside "..." (single quotes and escapes honoured). */
function insideDoubleQuotes(command: string, index: number): boolean {
  let double = false;
  let single = false;
  for (let i = 0; i < index; i++) {
    const c = command[i];
    if (c === '\\' && !single) i++;
    else if (c === "'" && !double) single = !single;
    else if (c === '"' && !single) double = !double;
  }
  return double;
}

/** Steps that follow a chapter's check on purpose: optional extras after the verified path. */
function isOptionalTail(id: string): boolean {
  return [
    'mirage-path-show',
    'dom0-dnsmasq',
    'xen-list-after',
    'hello-xen-create-paused',
    'hello-xen-console',
    'hello-xen-destroy',
    'dom0-vm-start-headless',
    'qemu-apt-install',
    'dom0-machine-create',
    'dom0-vm-start-gui',
    'dom0-ssh-copy-id',
  ].includes(id);
}
