// Checks that need root in dom0 (xl info runs as root) ask for dom0's sudo password in place: on the
// dashboard (a prompt at the top naming the check) and in a chapter's check box, against a real sshd
// whose user's sudo needs a password. The test sshd has no Xen: once past sudo, xl info is "not
// found", never "sudo needs a password". Needs root (tests/helpers/sshd.ts creates the users).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { signIn, startServer, stopServer, type OnrampServer } from '../helpers/onramp-process';
import { SSHD_SUDO_PW_USER, startSshd, type Sshd } from '../helpers/sshd';

let sshd: Sshd;
let server: OnrampServer | undefined;

/** A fresh server (nothing held in memory) whose dom0 is the sshd user whose sudo asks for a password. */
async function startDom0Server(): Promise<OnrampServer> {
  const configDir = mkdtempSync(join(tmpdir(), 'onramp-e2e-sudo-check-'));
  writeFileSync(
    join(configDir, 'dom0.json'),
    JSON.stringify({
      host: sshd.host,
      port: sshd.port,
      user: SSHD_SUDO_PW_USER,
      auth: { kind: 'key', path: sshd.keyPath },
    }),
    { mode: 0o600 },
  );
  // Its host key is already trusted (Onramp's own known_hosts); the user's is empty.
  writeFileSync(join(configDir, 'known_hosts'), `[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey}\n`);
  const userKnownHosts = join(configDir, 'user_known_hosts');
  writeFileSync(userKnownHosts, '');
  return startServer({ ONRAMP_SSH_KNOWN_HOSTS: userKnownHosts }, { configDir });
}

test.beforeAll(async () => {
  sshd = await startSshd();
});

test.afterEach(async () => {
  if (server) await stopServer(server);
  server = undefined;
});

test.afterAll(async () => {
  await sshd?.stop();
});

test.describe.configure({ mode: 'serial' });

test('dashboard: Xen is running asks for the dom0 sudo password at the top, then checks as root', async ({ page }) => {
  test.setTimeout(120_000);
  server = await startDom0Server();
  await signIn(page, server);
  await page.goto(`${server.origin}/setup`);
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-connection', 'connected');
  const row = page.getByTestId('dashboard-check-xen-running');
  await row.getByTestId('rerun-xen-running').click();

  const prompt = page.getByTestId('secret-check-xen-running');
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  await expect(prompt).toHaveAttribute('data-target', 'dom0');
  await expect(prompt).toContainText('Checking “Xen is running (xl info as root)”.');
  await expect(
    prompt.getByLabel(`Sudo password for ${SSHD_SUDO_PW_USER} in dom0 (${sshd.host})`, { exact: true }),
  ).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'running');

  // Wrong first: asked again, saying why.
  await page.getByTestId('secret-value-check-xen-running').fill('not-the-password');
  await page.getByTestId('secret-submit-check-xen-running').click();
  await expect(prompt).toHaveAttribute('data-attempt', '2', { timeout: 30_000 });
  await expect(page.getByTestId('secret-message-check-xen-running')).toContainText('sudo did not accept that password');

  await page.getByTestId('secret-value-check-xen-running').fill(sshd.password);
  await page.getByTestId('secret-submit-check-xen-running').click();
  await expect(prompt).toBeHidden({ timeout: 30_000 });
  // Past sudo: this dom0 has no Xen, so xl is not found (never "could not check" or a sudo error).
  await expect(row).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(row).toContainText('xl was not found in dom0');
  await expect(row).not.toContainText('sudo needs a password');
  await expect(page.locator('body')).not.toContainText(sshd.password);
});

test('chapter: the check box asks in place; Cancel ends the check saying no password was given, then it runs as root', async ({
  page,
}) => {
  test.setTimeout(120_000);
  server = await startDom0Server();
  await signIn(page, server);
  await page.goto(`${server.origin}/guide/xen`);
  const id = 'xen-running';
  const button = page.getByTestId(`check-button-${id}`).first();
  await button.click();
  const prompt = page.getByTestId(`secret-check-${id}`).first();
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  await expect(prompt).toHaveAttribute('data-target', 'dom0');
  await page.getByTestId(`secret-cancel-check-${id}`).first().click();
  const verdict = page.getByTestId(`verdict-${id}`).first();
  await expect(verdict).toContainText('no password was given', { timeout: 30_000 });
  await expect(prompt).toBeHidden();

  await button.click();
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  await page.getByTestId(`secret-value-check-${id}`).first().fill(sshd.password);
  await page.getByTestId(`secret-submit-check-${id}`).first().click();
  await expect(verdict).toContainText('xl was not found in dom0', { timeout: 30_000 });
  await expect(prompt).toBeHidden();
  await expect(page.locator('body')).not.toContainText(sshd.password);
});
