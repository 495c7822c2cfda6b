// "Run this chapter" in the browser: the real companion server with the test sshd as dom0 (a user
// whose sudo asks for a password), the fixture chapter "Autopilot playground". The run asks for a
// value no source has and for the sudo password in place, survives a reload mid-run, and ends with
// every item done; then the "Fails" tab stops at its failing step with the step's output and a fix.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { signIn, startServer, stopServer, type OnrampServer } from '../helpers/onramp-process';
import { SSHD_SUDO_PW_USER, startSshd, type Sshd } from '../helpers/sshd';

const CHAPTER = 'autopilot-playground';
const GREETING = 'hello from the browser';

// One sshd and one server for this file: dom0.json names the sshd's password-sudo user (key login),
// and Onramp's known_hosts already trusts the sshd's host key.
const test = base.extend<object, { sshd: Sshd; server: OnrampServer }>({
  sshd: [
    async ({}, use) => {
      const sshd = await startSshd();
      await use(sshd);
      await sshd.stop();
    },
    { scope: 'worker' },
  ],
  server: [
    async ({ sshd }, use) => {
      const configDir = mkdtempSync(join(tmpdir(), 'onramp-e2e-autopilot-'));
      mkdirSync(configDir, { recursive: true });
      writeFileSync(join(configDir, 'known_hosts'), `[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey}\n`);
      const target = {
        host: sshd.host,
        port: sshd.port,
        user: SSHD_SUDO_PW_USER,
        auth: { kind: 'key', path: sshd.keyPath },
      };
      writeFileSync(join(configDir, 'dom0.json'), `${JSON.stringify(target)}\n`, { mode: 0o600 });
      const userKnownHosts = join(configDir, 'user_known_hosts');
      writeFileSync(userKnownHosts, '');
      const server = await startServer({ ONRAMP_SSH_KNOWN_HOSTS: userKnownHosts }, { configDir });
      await use(server);
      await stopServer(server);
    },
    { scope: 'worker' },
  ],
});

test.describe.configure({ mode: 'serial' });

const shots = process.env.ONRAMP_SHOTS_DIR ?? '/tmp/onramp-shots';
mkdirSync(shots, { recursive: true });
const panel = (page: Page) => page.getByTestId('autopilot');
/** The panel as the reader sees it, for a look at /tmp/onramp-shots (not compared). */
const shot = (page: Page, name: string) => panel(page).screenshot({ path: join(shots, `autopilot-${name}.png`) });
const item = (page: Page, id: string) => panel(page).getByTestId(`autopilot-item-${id}`);

test('Run this chapter: a value and the sudo password asked in place, a reload mid-run, every item done', async ({
  page,
  server,
  sshd,
}) => {
  test.setTimeout(180_000);
  await signIn(page, server);
  await page.goto(`${server.origin}/guide/${CHAPTER}`);
  // Right under the title. Its first click shows the plan: the way through the tabs (the first tab
  // unless chosen), the items in order, and the values; Start runs it.
  await expect(page.locator('main h1 + .autopilot')).toHaveCount(1);
  await panel(page).getByRole('button', { name: 'Run this chapter' }).click();
  await expect(panel(page).getByTestId('autopilot-tabs-0')).toHaveValue('Works');
  const preview = panel(page).getByTestId('autopilot-preview');
  await expect(preview.locator('li')).toHaveCount(6);
  await expect(preview.getByTestId('autopilot-item-ap-fails')).toHaveCount(0);
  // Each item by its title (a check's catalogue title; a step's section, here the chapter's title,
  // and its command), the id only beside it.
  await expect(preview.getByTestId('autopilot-title-dom0-reachable')).toHaveText('dom0 answers over SSH');
  await expect(preview.getByTestId('autopilot-title-ap-hello')).toHaveText('Autopilot playground');
  await expect(preview.getByTestId('autopilot-command-ap-hello')).toHaveText('echo "autopilot says hello"');
  await shot(page, 'review');
  await panel(page).getByRole('button', { name: 'Start' }).click();

  // ap-greet's value has no source: asked in place before the steps run.
  const question = panel(page).getByTestId('autopilot-question');
  await expect(question).toBeVisible({ timeout: 30_000 });
  await expect(question).toContainText('greeting');
  await question.getByRole('textbox', { name: /greeting/ }).fill(GREETING);
  await shot(page, 'question');
  await question.getByRole('button', { name: 'Continue' }).click();
  await expect(question).toBeHidden({ timeout: 30_000 });

  // ap-root needs root: sudo asks for the dom0 user's password, in the autopilot's own panel.
  const prompt = panel(page).getByTestId('secret-autopilot-ap-root');
  await expect(prompt).toBeVisible({ timeout: 60_000 });
  await expect(prompt).toHaveAttribute('data-target', 'dom0');
  await expect(item(page, 'ap-root')).toHaveAttribute('data-state', 'waiting');
  await expect(panel(page).getByTestId('autopilot-summary')).toContainText(`sudo password for ${SSHD_SUDO_PW_USER}`);
  await shot(page, 'sudo');
  await prompt.getByLabel(new RegExp(`^Sudo password for ${SSHD_SUDO_PW_USER}`)).fill(sshd.password);
  await prompt.getByRole('button', { name: 'Continue' }).click();
  await expect(prompt).toBeHidden({ timeout: 30_000 });

  // The live output of the running step, in the panel; then a reload while it runs.
  const terminal = panel(page).getByTestId('terminal-autopilot-ap-root');
  await expect(terminal).toContainText('ap tick 3', { timeout: 30_000 });
  await expect(item(page, 'ap-root')).toHaveAttribute('data-state', 'running');
  // The page's own box for the check shows the verdict the chapter run reached (this worker's
  // server is new: nothing was stored for it when the page loaded).
  await expect(page.getByTestId('stored-verdict-dom0-reachable')).toHaveAttribute('data-status', 'passed');
  await expect(page.getByTestId('stored-dom0-reachable')).toContainText('Last checked just now');
  await page.reload();
  // Replayed from the server: the items done so far, the running one, and its output from the start.
  await expect(item(page, 'ap-already')).toHaveAttribute('data-state', 'satisfied', { timeout: 15_000 });
  await expect(item(page, 'ap-hello')).toHaveAttribute('data-state', 'passed');
  await expect(item(page, 'ap-greet')).toHaveAttribute('data-state', 'passed');
  await expect(item(page, 'ap-root')).toHaveAttribute('data-state', 'running');
  await expect(item(page, 'ap-works')).toHaveAttribute('data-state', 'pending');
  await expect(panel(page).getByTestId('terminal-autopilot-ap-root')).toContainText('ap tick 1', { timeout: 15_000 });
  await expect(panel(page).getByTestId('autopilot-cancel')).toBeVisible();
  await shot(page, 'running');

  // The end: every item passed or already done, and the step's own panel shows its run too.
  await expect(panel(page).getByTestId('autopilot-summary')).toHaveAttribute('data-status', 'passed', {
    timeout: 60_000,
  });
  const states = await panel(page)
    .locator('[data-testid^="autopilot-item-"]')
    .evaluateAll((els) => els.map((el) => `${el.getAttribute('data-testid')}=${el.getAttribute('data-state')}`));
  await shot(page, 'done');
  expect(states).toEqual([
    'autopilot-item-dom0-reachable=passed',
    'autopilot-item-ap-already=satisfied',
    'autopilot-item-ap-hello=passed',
    'autopilot-item-ap-greet=passed',
    'autopilot-item-ap-root=passed',
    'autopilot-item-ap-works=passed',
  ]);
  await page.reload();
  await expect(page.getByTestId('terminal-ap-greet')).toContainText(`greeting=[${GREETING}]`, { timeout: 15_000 });
  await expect(page.getByTestId('terminal-ap-root')).toContainText(`ap-root uid=0`);
  await expect(page.locator('body')).not.toContainText(sshd.password);
});

test('a failing step stops the chapter run with its output and the fix', async ({ page, server }) => {
  test.setTimeout(120_000);
  await signIn(page, server);
  await page.goto(`${server.origin}/guide/${CHAPTER}`);
  // The first test's run is found on load (its steps have runs on the server) and shown as it ended.
  await expect(panel(page).getByTestId('autopilot-summary')).toHaveAttribute('data-status', 'passed', {
    timeout: 15_000,
  });
  await panel(page).getByRole('button', { name: 'Run this chapter again' }).click();
  await panel(page).getByTestId('autopilot-tabs-0').selectOption('Fails');
  await expect(panel(page).getByTestId('autopilot-preview').getByTestId('autopilot-item-ap-fails')).toBeVisible();
  // The value answered in the first run comes back pre-filled, shown with where it came from.
  await expect(panel(page).getByRole('textbox', { name: /greeting/ })).toHaveValue(GREETING);
  await expect(panel(page).getByTestId('autopilot-source-greeting')).toHaveAttribute('data-source', 'remembered');
  await panel(page).getByRole('button', { name: 'Start' }).click();

  await expect(panel(page).getByTestId('autopilot-summary')).toHaveAttribute('data-status', 'failed', {
    timeout: 60_000,
  });
  await expect(panel(page).getByTestId('autopilot-summary')).toContainText('Autopilot playground (ap-fails) failed');
  await expect(item(page, 'ap-fails')).toHaveAttribute('data-state', 'failed');
  // Its output, replayed into the panel, and why it stopped with what to do.
  await expect(panel(page).getByTestId('terminal-autopilot-ap-fails')).toContainText('ap-fails: something broke', {
    timeout: 15_000,
  });
  await expect(panel(page).getByTestId('autopilot-run-status')).toContainText('ap-fails exited with code 3 in ');
  const failure = panel(page).getByTestId('autopilot-failure-ap-fails');
  await expect(failure).toBeVisible();
  await expect(failure.locator('.fix')).toContainText('Fix:');
  await shot(page, 'failed');
  await expect(panel(page).getByTestId('autopilot-cancel')).toHaveCount(0);
  await expect(panel(page).getByRole('button', { name: 'Run this chapter again' })).toBeEnabled();

  // On paper the control is not there: hidden when the chapter page is printed, absent from /print.
  await page.emulateMedia({ media: 'print' });
  await expect(panel(page)).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await page.goto(`${server.origin}/print`);
  await expect(page.locator(`section.print-chapter[data-slug="${CHAPTER}"]`)).toContainText(
    'ap-fails: something broke',
  );
  await expect(page.getByTestId('autopilot')).toHaveCount(0);
});
