// Server-render the step, check and verdict components (react-dom/server) and read the HTML:
// the stable test hooks, the parameter inputs and the static-mode note are all in the markup.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StepRegistry } from '../../protocol/steps';
import type { Verdict } from '../../protocol/verdict';
import { VerdictView } from '../../components/verdict-view';

const registry = {
  steps: [
    {
      id: 'opam-init',
      target: 'dom0',
      command: 'opam init --bare -y',
      lang: 'sh',
      root: true,
      timeoutSec: 600,
      params: [
        { name: 'dir', kind: 'path', default: '/tmp' },
        { name: 'switch', kind: 'name' },
      ],
      chapter: 'opam',
      at: { file: 'content/opam.mdx', line: 10 },
    },
  ],
  checks: [],
  chapters: [],
} as unknown as StepRegistry;

async function renderStep(staticMode: boolean): Promise<string> {
  vi.resetModules();
  vi.stubEnv('NEXT_PUBLIC_ONRAMP_STATIC', staticMode ? '1' : '');
  const { Step } = await import('../../components/step');
  const code = createElement('pre', null, createElement('code', null, 'opam init --bare -y'));
  return renderToStaticMarkup(createElement(Step, { id: 'opam-init', registry }, code));
}

async function renderCheck(staticMode: boolean): Promise<string> {
  vi.resetModules();
  vi.stubEnv('NEXT_PUBLIC_ONRAMP_STATIC', staticMode ? '1' : '');
  const { Check } = await import('../../components/check');
  return renderToStaticMarkup(createElement(Check, { id: 'opam-version' }));
}

afterEach(() => vi.unstubAllEnvs());

describe('Step', () => {
  it('renders target, root, the code, parameter inputs and the run hooks', async () => {
    const html = await renderStep(false);
    expect(html).toContain('data-testid="step-opam-init"');
    expect(html).toContain('data-testid="run-opam-init"');
    expect(html).toContain('data-testid="status-opam-init"');
    expect(html).toMatch(/class="badge target-dom0"[^>]*>dom0</);
    expect(html).toMatch(/class="badge root"[^>]*>root</);
    expect(html).toContain('opam init --bare -y');
    expect(html).toMatch(/<input[^>]*id="param-opam-init-dir"[^>]*value="\/tmp"/);
    expect(html).toMatch(/<input[^>]*id="param-opam-init-switch"[^>]*required=""/);
    expect(html).not.toContain('Start Onramp to run this');
    // The terminal is mounted only once the reader runs something.
    expect(html).not.toContain('data-testid="terminal-opam-init"');
  });

  it('in a static build shows the start note instead of the Run button', async () => {
    const html = await renderStep(true);
    expect(html).toContain('data-testid="step-opam-init"');
    expect(html).toContain('Start Onramp to run this: <code>npm ci &amp;&amp; npm start</code>');
    expect(html).not.toContain('data-testid="run-opam-init"');
  });

  it('refuses a step the registry does not declare, naming the known ones', async () => {
    vi.resetModules();
    const { Step } = await import('../../components/step');
    expect(() => renderToStaticMarkup(createElement(Step, { id: 'nope', registry }))).toThrow(
      /<Step id="nope"> is not in the step registry \(known steps: opam-init\)/,
    );
  });
});

describe('Check', () => {
  it('shows the catalogue title and the check button', async () => {
    const html = await renderCheck(false);
    expect(html).toContain('data-testid="check-opam-version"');
    expect(html).toContain('opam is installed, version 2.1 or newer');
    expect(html).toContain('data-testid="check-button-opam-version"');
    expect(html).toContain('Check my setup');
  });

  it('in a static build shows the start note instead of the button', async () => {
    const html = await renderCheck(true);
    expect(html).toContain('Start Onramp to run this');
    expect(html).not.toContain('Check my setup');
  });
});

describe('VerdictView', () => {
  const fix = {
    summary: 'Install opam 2.1 or newer.',
    commands: ['sudo apt-get install opam', 'opam --version'],
    link: '/guide/opam#install-opam',
  };
  const render = (verdict: Verdict) =>
    renderToStaticMarkup(createElement(VerdictView, { checkId: 'opam-version', verdict }));

  it('passed: what was found', () => {
    const html = render({ status: 'passed', found: 'opam 2.1.5' });
    expect(html).toContain('data-status="passed"');
    expect(html).toContain('<code>opam 2.1.5</code>');
  });

  it.each(['failed', 'warning'] as const)('%s: reason, found vs expected, fix commands and link', (status) => {
    const html = render({ status, reason: 'opam is too old', found: '2.0.5', expected: '>= 2.1.0', fix });
    expect(html).toContain(`data-status="${status}"`);
    expect(html).toContain('opam is too old');
    expect(html).toMatch(/<dt>Found<\/dt><dd><code>2.0.5<\/code><\/dd><dt>Expected<\/dt><dd><code>&gt;= 2.1.0<\/code>/);
    expect(html).toContain('<pre class="fix-commands"><code>sudo apt-get install opam\nopam --version</code></pre>');
    expect(html).toContain('href="/guide/opam#install-opam"');
  });

  it('skipped: names the prerequisite', () => {
    const html = render({
      status: 'skipped',
      reason: 'needs opam first.',
      prerequisite: 'opam is installed, version 2.1 or newer',
    });
    expect(html).toContain('data-status="skipped"');
    expect(html).toContain('<strong>opam is installed, version 2.1 or newer</strong>');
    expect(html).toContain('needs opam first. First make this pass');
  });

  it("skipped: the engine's reason (no full stop of its own) ends its sentence before the prerequisite", () => {
    const html = render({
      status: 'skipped',
      reason: 'blocked by "opam is installed" (opam-version), which failed',
      prerequisite: 'opam-version',
    });
    expect(html).toContain('which failed. First make this pass: <strong>opam-version</strong>.');
  });

  it('error: the reason', () => {
    const html = render({ status: 'error', reason: 'ssh: connection refused on 127.0.0.1:2222' });
    expect(html).toContain('data-status="error"');
    expect(html).toContain('ssh: connection refused on 127.0.0.1:2222');
  });
});
