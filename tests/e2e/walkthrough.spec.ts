// A newcomer's walk through the guide in a real Chromium, against the real companion server.
import { execFileSync } from 'node:child_process';
import { test, expect } from './fixtures';

function hostHasOpam(): string | null {
  try {
    return execFileSync('opam', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

test('the printed #token= URL signs in through origin-scoped storage: no cookie, token gone from the address bar', async ({
  page,
  server,
  context,
}) => {
  expect(page.url()).not.toContain('token=');
  expect(new URL(page.url()).origin).toBe(server.origin);
  // Kept in localStorage, which is per origin (the port included), never in a cookie.
  expect(await page.evaluate(() => localStorage.getItem('onramp.token'))).toBe(server.token);
  expect(await context.cookies()).toEqual([]);
  // The page's own /api calls carry it as a Bearer header, and the guide works on a later page.
  const apiRequest = page.waitForRequest((r) => r.url() === `${server.origin}/api/progress`);
  await page.goto(`${server.origin}/guide/opam`);
  const sent = await apiRequest;
  expect(await sent.headerValue('authorization')).toBe(`Bearer ${server.token}`);
  expect(await sent.headerValue('cookie')).toBeNull();
  expect((await sent.response())?.status()).toBe(200);
});

test('the printed URL pasted into a tab already on Onramp signs in without a reload, and leaves the address bar', async ({
  browser,
  server,
}) => {
  const fresh = await browser.newContext();
  try {
    const page = await fresh.newPage();
    await page.goto(`${server.origin}/`);
    await expect(page.locator('main')).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('onramp.token'))).toBeNull();
    // Same document, only the fragment changes: no load event, so only a hashchange listener sees it.
    await page.evaluate(() => ((window as unknown as { onrampSameDocument: boolean }).onrampSameDocument = true));
    await page.goto(`${server.origin}/#token=${server.token}`);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('onramp.token'))).toBe(server.token);
    await expect.poll(() => page.url()).toBe(`${server.origin}/`);
    expect(await page.evaluate(() => (window as unknown as { onrampSameDocument?: boolean }).onrampSameDocument)).toBe(
      true,
    );
  } finally {
    await fresh.close();
  }
});

test('a page opened without the token is readable, and says once (rendered, no backticks) to open the printed URL', async ({
  browser,
  server,
}) => {
  const fresh = await browser.newContext();
  try {
    const page = await fresh.newPage();
    await page.goto(`${server.origin}/guide/playground`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const steps = page.locator('[data-testid^="status-"]');
    expect(await steps.count()).toBeGreaterThan(1);
    await page.locator('[data-testid^="run-"]').first().click();
    await expect(steps.first()).toContainText('Not signed in to Onramp: see the note at the top of this page.');
    // One notice for the page, its commands rendered as code; no step repeats it.
    const notice = page.getByTestId('sign-in-notice');
    await expect(notice).toHaveCount(1);
    await expect(notice).toContainText('open the URL that onramp serve (npm start) printed');
    await expect(notice.locator('code')).toHaveText(['onramp serve', 'npm start', '#token=…']);
    expect(await page.locator('main').innerText()).not.toContain('`');
    expect(await page.getByText('open the URL that').count()).toBe(1);
  } finally {
    await fresh.close();
  }
});

test('chapter 1 renders with the sidebar, a table of contents and no terminal or chapter-run code before a run', async ({
  page,
  server,
}) => {
  const scripts: string[] = [];
  page.on('response', async (res) => {
    if (res.url().endsWith('.js')) scripts.push(await res.text().catch(() => ''));
  });
  await page.goto(`${server.origin}/guide/opam`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('opam');
  const nav = page.getByRole('navigation').first();
  await expect(nav.getByRole('link', { name: /Install the mirage tool/ })).toBeVisible();
  await expect(page.locator('[data-testid^="step-"]').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(scripts.length).toBeGreaterThan(0);
  // xterm.js and socket.io-client are loaded only when the reader runs something.
  expect(scripts.some((s) => s.includes('xterm-helper-textarea'))).toBe(false);
  expect(scripts.some((s) => s.includes('socket.io') && s.includes('engine.io'))).toBe(false);
  // Nor is the "Run this chapter" panel's code (autopilot-launcher.tsx imports it on the first click).
  await expect(page.getByTestId('autopilot-open')).toBeVisible();
  expect(scripts.some((s) => s.includes('autopilot-preview'))).toBe(false);
});

test('running a step streams its output into the terminal and shows the exit status', async ({ page, server }) => {
  await page.goto(`${server.origin}/guide/playground`);
  await page.getByTestId('run-echo-hello').click();
  await expect(page.getByTestId('terminal-echo-hello')).toContainText('hello from onramp');
  await expect(page.getByTestId('status-echo-hello')).toContainText('exited with code 0');

  await page.getByTestId('run-exit-three').click();
  await expect(page.getByTestId('status-exit-three')).toContainText('exited with code 3');
});

test('a parameter reaches the command as data, not as shell text', async ({ page, server }) => {
  await page.goto(`${server.origin}/guide/playground`);
  const step = page.getByTestId('step-echo-param');
  await step.getByLabel(/message/i).fill('$(echo injected) `id` ; echo x');
  await page.getByTestId('run-echo-param').click();
  await expect(page.getByTestId('status-echo-param')).toContainText('exited with code 0');
  await expect(page.getByTestId('terminal-echo-param')).toContainText('message=[$(echo injected) `id` ; echo x]');
});

test('running a check shows a verdict that matches this machine', async ({ page, server }) => {
  await page.goto(`${server.origin}/guide/opam`);
  const check = page.getByTestId('check-opam-version');
  await check.getByRole('button', { name: /check my setup/i }).click();
  const verdict = page.getByTestId('verdict-opam-version');
  const version = hostHasOpam();
  if (version === null) {
    await expect(verdict).toHaveAttribute('data-status', 'failed');
    await expect(verdict).toContainText('opam was not found');
    await expect(verdict).toContainText('2.1');
  } else {
    await expect(verdict).toHaveAttribute('data-status', /passed|failed/);
    await expect(verdict).toContainText(version);
  }
  const status = await verdict.getAttribute('data-status');

  // After a reload the check shows the verdict the server kept, says when it was, and runs afresh on a click.
  await page.reload();
  const stored = page.getByTestId('stored-opam-version');
  await expect(stored).toContainText(/Last checked (just now|1 min ago)/);
  await expect(page.getByTestId('stored-verdict-opam-version')).toHaveAttribute('data-status', status ?? '');
  await expect(verdict).toHaveCount(0);
  await check.getByRole('button', { name: /check my setup/i }).click();
  await expect(verdict).toHaveAttribute('data-status', status ?? '');
  await expect(stored).toHaveCount(0);
});

test('Cancel ends a long step, and its output stops', async ({ page, server }) => {
  await page.goto(`${server.origin}/guide/playground`);
  await page.getByTestId('run-count-slowly').click();
  const terminal = page.getByTestId('terminal-count-slowly');
  await expect(terminal).toContainText('tick 3');
  await page.getByTestId('cancel-count-slowly').click();
  await expect(page.getByTestId('status-count-slowly')).toContainText(/cancel/i);
  const runs = await (
    await page.request.get(`${server.origin}/api/runs`, { headers: { authorization: `Bearer ${server.token}` } })
  ).json();
  const run = runs.filter((r: { stepId: string }) => r.stepId === 'count-slowly').at(-1);
  expect(run.state).toBe('exited');
  expect(run.result.canceled).toBe(true);
});

test('reloading during a run re-attaches and replays the output with no gap and no duplicate', async ({
  page,
  server,
  context,
}) => {
  await page.goto(`${server.origin}/guide/playground`);
  await page.getByTestId('run-count-slowly').click();
  await expect(page.getByTestId('terminal-count-slowly')).toContainText('tick 5');
  await page.reload();
  const terminal = page.getByTestId('terminal-count-slowly');
  await expect(terminal).toContainText('tick 12');
  // A second tab sees the same run.
  const other = await context.newPage();
  await other.goto(`${server.origin}/guide/playground`);
  await expect(other.getByTestId('terminal-count-slowly')).toContainText('tick 15');
  await page.getByTestId('cancel-count-slowly').click();
  await expect(page.getByTestId('status-count-slowly')).toContainText(/cancel/i);
  const runs = await (
    await page.request.get(`${server.origin}/api/runs`, { headers: { authorization: `Bearer ${server.token}` } })
  ).json();
  const run = runs.filter((r: { stepId: string }) => r.stepId === 'count-slowly').at(-1);
  // Everything the run produced was written exactly once into each terminal.
  await expect(terminal).toHaveAttribute('data-written', String(run.length));
  await expect(other.getByTestId('terminal-count-slowly')).toHaveAttribute('data-written', String(run.length));
  await other.close();
});

test('two tabs starting the same step share one run, and the second says it joined the run in progress', async ({
  page,
  server,
  context,
}) => {
  const other = await context.newPage();
  await page.goto(`${server.origin}/guide/playground`);
  await other.goto(`${server.origin}/guide/playground`);
  await expect(other.getByTestId('status-count-slowly')).toContainText('Not run yet');
  await page.getByTestId('run-count-slowly').click();
  await expect(page.getByTestId('terminal-count-slowly')).toContainText('tick 3');
  await other.getByTestId('run-count-slowly').click();
  await expect(other.getByTestId('status-count-slowly')).toContainText(/already running, started \d+ s ago/);
  await expect(other.getByTestId('terminal-count-slowly')).toContainText('tick 1');
  const runs = await (
    await page.request.get(`${server.origin}/api/runs`, { headers: { authorization: `Bearer ${server.token}` } })
  ).json();
  const running = runs.filter(
    (r: { stepId: string; state: string }) => r.stepId === 'count-slowly' && r.state === 'running',
  );
  expect(running).toHaveLength(1);
  await other.getByTestId('cancel-count-slowly').click();
  await expect(page.getByTestId('status-count-slowly')).toContainText(/cancel/i);
  await expect(other.getByTestId('status-count-slowly')).toContainText(/cancel/i);
  await other.close();
});
