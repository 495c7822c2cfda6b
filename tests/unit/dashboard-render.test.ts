// The dashboard as the static export renders it (before any script runs): every check listed,
// buttons only with a companion server, a start note in static mode, rows with a verdict.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../protocol/check-catalog';
import { catalogueEntries } from '../../protocol/checks-api';
import { Dashboard } from '../../components/dashboard/dashboard';
import { DashboardRow } from '../../components/dashboard/dashboard-row';
import { START_COMMAND } from '../../components/static-mode';

const entries = catalogueEntries(CHECKS);
const render = (staticMode: boolean) => renderToStaticMarkup(createElement(Dashboard, { entries, staticMode }));
const escaped = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll("'", '&#x27;').replaceAll('<', '&lt;');

describe('the dashboard page', () => {
  it('lists every catalogue check with its chapter link, not run yet', () => {
    const html = render(false);
    for (const [id, meta] of Object.entries(CHECKS)) {
      expect(html).toContain(`data-testid="dashboard-check-${id}" data-status="not-run"`);
      expect(html).toContain(escaped(meta.title));
      expect(html).toContain(`href="/guide/${meta.chapter}" data-testid="chapter-link-${id}"`);
    }
    expect(html).toContain('data-testid="run-all"');
    expect(html).toContain('data-testid="rerun-opam-version"');
    expect(html).toContain('data-testid="boot-unikernel-boot"');
    expect(html).not.toContain('dashboard-static-note');
  });

  it("names each check's chapter by its title when the page gives the titles", () => {
    const html = renderToStaticMarkup(
      createElement(Dashboard, { entries, chapterTitles: { opam: 'Install opam and OCaml' }, staticMode: false }),
    );
    expect(html).toMatch(/data-testid="chapter-link-opam-version">Chapter: Install opam and OCaml</);
    expect(html).toMatch(/data-testid="chapter-link-xen-running">Chapter: xen</);
  });

  it('static mode: the same list without any button, and how to start Onramp', () => {
    const html = render(true);
    for (const id of Object.keys(CHECKS)) expect(html).toContain(`data-testid="dashboard-check-${id}"`);
    expect(html).not.toContain('<button');
    expect(html).toContain('data-testid="dashboard-static-note"');
    expect(html).toContain(escaped(START_COMMAND));
    expect(html).toContain('data-connection="static"');
  });
});

describe('one check row', () => {
  const entry = entries.find((e) => e.id === 'opam-version')!;
  const row = (view: Parameters<typeof DashboardRow>[0]['view']) =>
    renderToStaticMarkup(
      createElement(DashboardRow, { entry, view, now: 10 * 60_000, disabled: false, onRun: () => undefined }),
    );

  it('running: a spinner and "Checking…", its button disabled', () => {
    const html = row({ phase: 'running' });
    expect(html).toContain('data-status="running"');
    expect(html).toContain('class="spinner"');
    expect(html).toContain('Checking…');
    expect(html).toMatch(/<button[^>]*data-testid="rerun-opam-version"[^>]*disabled=""/);
  });

  it('failed: found, expected, the fix summary and commands, and its age', () => {
    const html = row({
      phase: 'done',
      at: 5 * 60_000,
      verdict: {
        status: 'failed',
        reason: 'opam 2.0.5 is too old',
        found: 'opam 2.0.5',
        expected: 'opam 2.1.0 or newer',
        fix: {
          summary: 'Upgrade opam.',
          commands: ['sudo apt-get install opam'],
          link: '/guide/troubleshooting#opam-too-old',
        },
      },
    });
    expect(html).toContain('data-status="failed"');
    expect(html).toContain('opam 2.0.5 is too old');
    expect(html).toContain('opam 2.1.0 or newer');
    expect(html).toContain('Upgrade opam.');
    expect(html).toContain('sudo apt-get install opam');
    expect(html).toContain('checked 5 min ago');
    expect(html).toContain('>Re-run<');
  });
});
