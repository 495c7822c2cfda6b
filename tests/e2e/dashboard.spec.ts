// The setup dashboard in a real Chromium against the real companion server: every check by stage,
// "Run all" with verdicts that match this machine, re-run, live results from another tab, stored
// verdicts after a reload, and the sidebar tick of a chapter whose checks passed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CHECKS, STAGES } from '../../protocol/check-catalog';
import type { ChecksBody } from '../../protocol/checks-api';
import { STAGE_TITLES } from '../../components/dashboard/stage-titles';
import { signIn, startServer, stopServer } from '../helpers/onramp-process';
import { test, expect } from './fixtures';

const SHOTS = '/tmp/onramp-shots';
const ids = Object.keys(CHECKS) as Array<keyof typeof CHECKS>;
const runAllChecks = ids.filter((id) => !('action' in CHECKS[id]));
const FINAL = /^(passed|failed|warning|skipped|error)$/;

test.describe.configure({ mode: 'serial' });

function opamVersion(): string | null {
  try {
    return execFileSync('opam', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function atLeast21(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10));
  return major > 2 || (major === 2 && minor >= 1);
}

async function openDashboard(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/setup`);
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-connection', 'connected');
}

const row = (page: Page, id: string) => page.getByTestId(`dashboard-check-${id}`);

async function statuses(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of ids) out[id] = (await row(page, id).getAttribute('data-status')) ?? '';
  return out;
}

test('every catalogue check is listed under its stage, stages in order, none run yet', async ({ page, server }) => {
  await openDashboard(page, server.origin);
  await expect(page.locator('.dashboard-stage h2')).toHaveText(STAGES.map((s) => STAGE_TITLES[s]));
  for (const id of ids) {
    const r = page.getByTestId(`stage-${CHECKS[id].stage}`).getByTestId(`dashboard-check-${id}`);
    await expect(r).toContainText(CHECKS[id].title);
    await expect(r).toHaveAttribute('data-status', 'not-run');
  }
  await expect(page.getByTestId('dashboard-summary')).toHaveText(
    `0 passed, 0 failed, 0 skipped, ${ids.length} not run yet`,
  );
  await expect(page.getByTestId('boot-unikernel-boot')).toHaveText('Boot it');
  await expect(page.getByTestId('rerun-unikernel-boot')).toHaveCount(0);
});

test('a check run in one tab appears live in another', async ({ page, server, context }) => {
  await openDashboard(page, server.origin);
  const other = await context.newPage();
  await openDashboard(other, server.origin);
  await expect(row(other, 'host-platform')).toHaveAttribute('data-status', 'not-run');
  await page.getByTestId('rerun-host-platform').click();
  // Linux on x86_64 fits the guide (a warning only on hosts with a caveat).
  await expect(row(other, 'host-platform')).toHaveAttribute('data-status', /^(passed|warning)$/, { timeout: 20_000 });
  await expect(row(other, 'host-platform')).toContainText('Linux');
  await other.close();
});

test('Run all: every non-action check reaches a verdict that matches this machine', async ({ page, server }) => {
  test.setTimeout(240_000);
  await openDashboard(page, server.origin);
  await page.getByTestId('run-all').click();
  for (const id of runAllChecks)
    await expect(row(page, id)).toHaveAttribute('data-status', FINAL, { timeout: 180_000 });
  await expect(page.getByTestId('run-all')).toBeEnabled({ timeout: 60_000 });
  // The action check is not part of "run all".
  await expect(row(page, 'unikernel-boot')).toHaveAttribute('data-status', 'not-run');

  const opam = opamVersion();
  if (opam !== null && atLeast21(opam)) {
    await expect(row(page, 'opam-version'), await row(page, 'opam-version').innerText()).toHaveAttribute(
      'data-status',
      'passed',
    );
    await expect(row(page, 'opam-version')).toContainText(opam);
  } else {
    await expect(row(page, 'opam-version')).toHaveAttribute('data-status', 'failed');
    await expect(row(page, 'opam-version').locator('.fix')).toBeVisible();
  }

  // No dom0 in this server's config dir: dom0 checks could not run, or wait on a prerequisite by name.
  await expect(row(page, 'dom0-reachable')).toHaveAttribute('data-status', 'error');
  await expect(row(page, 'dom0-reachable')).toContainText('dom0 is not configured');
  for (const id of ids.filter((i) => CHECKS[i].target === 'dom0' && !('action' in CHECKS[i]))) {
    const r = row(page, id);
    const status = await r.getAttribute('data-status');
    if (status === 'error') await expect(r).toContainText('dom0 is not configured');
    else {
      expect(status).toBe('skipped');
      await expect(r).toContainText('First make this pass');
    }
  }

  // The summary counts what the rows show.
  const now = await statuses(page);
  const count = (s: string) => Object.values(now).filter((v) => v === s).length;
  await expect(page.getByTestId('dashboard-summary')).toContainText(`${count('passed')} passed, `);
  await expect(page.getByTestId('dashboard-summary')).toContainText(
    `${count('failed')} failed, ${count('skipped')} skipped`,
  );

  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
});

test('a failed check shows its fix commands and a link to its chapter that loads', async ({ page, server }) => {
  await openDashboard(page, server.origin);
  const failedWithCommands = page.locator('[data-status="failed"]:has(.fix-commands)').first();
  await expect(
    failedWithCommands,
    'this machine should fail at least one check with fix commands (no VirtualBox, no dom0 VM)',
  ).toBeVisible();
  const id = ((await failedWithCommands.getAttribute('data-testid')) ?? '').replace('dashboard-check-', '');
  expect(Object.hasOwn(CHECKS, id)).toBe(true);
  await expect(failedWithCommands.locator('.fix-commands')).not.toBeEmpty();
  await expect(failedWithCommands.locator('.found-expected')).toContainText('Expected');
  const chapter = CHECKS[id as keyof typeof CHECKS].chapter;
  await failedWithCommands.getByTestId(`chapter-link-${id}`).click();
  await expect(page).toHaveURL(`${server.origin}/guide/${chapter}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator(`[data-progress-chapter="${chapter}"]`)).toHaveCount(1);
});

test('re-running one check stores a newer verdict', async ({ page, server }) => {
  await openDashboard(page, server.origin);
  const atOf = async () => {
    const body = (await (
      await page.request.get(`${server.origin}/api/checks`, { headers: { authorization: `Bearer ${server.token}` } })
    ).json()) as ChecksBody;
    return body.checks.find((c) => c.id === 'opam-version')?.at ?? 0;
  };
  const before = await atOf();
  expect(before).toBeGreaterThan(0);
  const status = await row(page, 'opam-version').getAttribute('data-status');
  // Every status the row goes through, recorded in the page (the running state may be brief).
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="dashboard-check-opam-version"]');
    const seen: string[] = [];
    (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
    new MutationObserver(() => seen.push(el?.getAttribute('data-status') ?? '')).observe(el!, {
      attributes: true,
      attributeFilter: ['data-status'],
    });
  });
  await page.getByTestId('rerun-opam-version').click();
  await expect.poll(atOf, { timeout: 20_000 }).toBeGreaterThan(before);
  await expect(row(page, 'opam-version')).toHaveAttribute('data-status', status ?? '');
  expect(await page.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses)).toContain(
    'running',
  );
  await expect(page.getByTestId('age-opam-version')).toHaveText('checked just now');
});

test('"Boot it" runs the action check by id: without a dom0 it is skipped, naming the one real blocker', async ({
  page,
  server,
}) => {
  await openDashboard(page, server.origin);
  await expect(row(page, 'unikernel-boot')).toHaveAttribute('data-status', 'not-run');
  await page.getByTestId('boot-unikernel-boot').click();
  await expect(row(page, 'unikernel-boot')).toHaveAttribute('data-status', 'skipped', { timeout: 30_000 });
  await expect(row(page, 'unikernel-boot')).toContainText('First make this pass');
  // It names the one real blocker at the root of its prerequisites, not the chain of skips to it.
  await expect(row(page, 'unikernel-boot')).toContainText(
    'blocked by "dom0 answers over SSH" (dom0-reachable), which could not run',
  );
  await expect(row(page, 'unikernel-boot')).not.toContainText('Xen 4.10 or newer');
});

test('after a reload the stored verdicts are shown with their age', async ({ page, server }) => {
  await openDashboard(page, server.origin);
  await expect(row(page, 'host-platform')).toHaveAttribute('data-status', FINAL);
  const before = await statuses(page);
  await page.reload();
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-connection', 'connected');
  await expect(row(page, 'host-platform')).toHaveAttribute('data-status', FINAL);
  expect(await statuses(page)).toEqual(before);
  for (const id of runAllChecks)
    await expect(page.getByTestId(`age-${id}`)).toContainText(/^checked (just now|\d+ min ago)$/);
});

test("a chapter page's sidebar ticks a chapter whose checks passed", async ({ page, server }) => {
  const progress = (await (
    await page.request.get(`${server.origin}/api/progress`, { headers: { authorization: `Bearer ${server.token}` } })
  ).json()) as {
    chapters: Record<string, string>;
  };
  // host-platform is the one check of choose-your-path, and it passed on this Linux host above.
  expect(progress.chapters['choose-your-path']).toBe('done');
  await page.goto(`${server.origin}/guide/opam`);
  const slot = page.locator('[data-progress-chapter="choose-your-path"]');
  await expect(slot).toHaveAttribute('data-state', 'done');
  await expect(slot).toHaveText('✓');
  const dom0 = page.locator('[data-progress-chapter="xen"]');
  await expect(dom0).toHaveAttribute('data-state', 'none');
  await expect(dom0).toHaveText('');
});

test('a progress file from an earlier session: ticks in the sidebar and its verdicts on the dashboard', async ({
  page,
}) => {
  const configDir = mkdtempSync(join(tmpdir(), 'onramp-e2e-progress-'));
  const passed = (found: string) => ({ verdict: { status: 'passed', found }, at: Date.now() - 2 * 3_600_000 });
  const checks = {
    'opam-version': passed('opam 2.1.5'),
    'opam-initialised': passed('switch default'),
    'opam-env': passed('OPAM_SWITCH_PREFIX set'),
    'ocaml-version': passed('OCaml 4.14.1'),
    'hello-unix-built': passed('dist/hello'),
  };
  writeFileSync(join(configDir, 'progress.json'), JSON.stringify({ version: 1, checks }), { mode: 0o600 });
  const server = await startServer({ ONRAMP_CONFIG_DIR: configDir, ONRAMP_DATA_DIR: join(configDir, 'data') });
  try {
    await signIn(page, server);
    await page.goto(`${server.origin}/guide/mirage`);
    await expect(page.locator('[data-progress-chapter="opam"]')).toHaveAttribute('data-state', 'done');
    await expect(page.locator('[data-progress-chapter="opam"]')).toHaveText('✓');
    await expect(page.locator('[data-progress-chapter="hello-unix"]')).toHaveAttribute('data-state', 'partial');
    await expect(page.locator('[data-progress-chapter="mirage"]')).toHaveAttribute('data-state', 'none');

    await openDashboard(page, server.origin);
    await expect(row(page, 'ocaml-version')).toHaveAttribute('data-status', 'passed');
    await expect(row(page, 'ocaml-version')).toContainText('OCaml 4.14.1');
    await expect(page.getByTestId('age-ocaml-version')).toHaveText('checked 2 h ago');
    await expect(row(page, 'mirage-version')).toHaveAttribute('data-status', 'not-run');
    await expect(page.getByTestId('dashboard-summary')).toHaveText(
      `5 passed, 0 failed, 0 skipped, ${ids.length - 5} not run yet`,
    );
  } finally {
    await stopServer(server);
    rmSync(configDir, { recursive: true, force: true });
  }
});
