// dom0 in the browser against a real sshd on loopback: configure it on the Settings page, compare
// the shown host key fingerprint with sshd's own, trust it, run a dom0 step on the playground page,
// and type into a dom0 shell. Needs root (tests/helpers/sshd.ts creates users and runs sshd).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { signIn, startServer, stopServer, type OnrampServer } from '../helpers/onramp-process';
import { startSshd, type Sshd } from '../helpers/sshd';

// One sshd and one companion server for this file: the server's user known_hosts is an empty file
// of its own, so the only way in is trusting the key on the page.
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
      const knownHosts = join(sshd.dir, 'browser_user_known_hosts');
      writeFileSync(knownHosts, '');
      // A home of its own whose ~/.ssh/config names this sshd as "labdom0".
      const home = join(sshd.dir, 'browser-home');
      mkdirSync(join(home, '.ssh'), { recursive: true });
      writeFileSync(
        join(home, '.ssh', 'config'),
        `Host labdom0\n  HostName ${sshd.host}\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.keyPath}\n`,
      );
      const server = await startServer({ ONRAMP_SSH_KNOWN_HOSTS: knownHosts, HOME: home });
      await use(server);
      await stopServer(server);
    },
    { scope: 'worker' },
  ],
});

test.describe.configure({ mode: 'serial' });

test('configure dom0, trust its host key by fingerprint, run a dom0 step and use a dom0 shell', async ({
  page,
  server,
  sshd,
}) => {
  test.setTimeout(120_000);
  await signIn(page, server);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/settings\/?$/);
  await expect(page.getByTestId('dom0-form')).toHaveAttribute('data-loaded', 'true');

  await page.getByTestId('dom0-host').fill(sshd.host);
  await page.getByTestId('dom0-port').fill(String(sshd.port));
  await page.getByTestId('dom0-user').fill(sshd.user);
  await page.getByTestId('dom0-auth-key').check();
  await page.getByTestId('dom0-key-path').fill(sshd.keyPath);
  await page.getByTestId('dom0-test').click();

  const fingerprint = page.getByTestId('dom0-fingerprint');
  await expect(fingerprint).toBeVisible({ timeout: 30_000 });
  expect(await fingerprint.textContent()).toBe(sshd.hostFingerprint);
  await expect(page.getByTestId('dom0-hostkey-algorithm')).toHaveText('ED25519');
  await expect(page.getByTestId('dom0-status')).toHaveAttribute('data-phase', 'failed');
  await expect(page.getByTestId('dom0-shell-open')).toBeDisabled();

  await page.getByTestId('dom0-trust').click();
  const status = page.getByTestId('dom0-status');
  await expect(status).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
  await expect(status).toContainText(`Connected as ${sshd.user}`);
  await expect(fingerprint).toHaveCount(0);

  // The settings survive a reload (dom0.json), and the step page uses the same connection.
  await page.reload();
  await expect(page.getByTestId('dom0-host')).toHaveValue(sshd.host);
  await expect(page.getByTestId('dom0-port')).toHaveValue(String(sshd.port));

  await page.goto(`${server.origin}/guide/playground`);
  await page.getByTestId('run-dom0-hello').click();
  await expect(page.getByTestId('terminal-dom0-hello')).toContainText('dom0 says hi', { timeout: 30_000 });
  await expect(page.getByTestId('terminal-dom0-hello')).toContainText('Linux');
  await expect(page.getByTestId('status-dom0-hello')).toContainText('exited with code 0');

  await page.goto(`${server.origin}/settings`);
  await expect(page.getByTestId('dom0-form')).toHaveAttribute('data-loaded', 'true');
  await page.getByTestId('dom0-test').click();
  await expect(status).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
  await page.getByTestId('dom0-shell-open').click();
  await expect(page.getByTestId('dom0-shell-state')).toHaveAttribute('data-phase', 'open', { timeout: 30_000 });
  const terminal = page.getByTestId('dom0-shell-terminal');
  await terminal.click();
  await page.keyboard.type('echo typed-$((6*7))');
  await page.keyboard.press('Enter');
  await expect(terminal).toContainText('typed-42', { timeout: 15_000 });
  // Proof the shell ran it: the typed text itself says typed-$((6*7)); only the shell's echo says 42.
  await page.keyboard.type('exit');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dom0-shell-state')).toHaveAttribute('data-phase', 'ended', { timeout: 15_000 });
});

test('a Host alias from ~/.ssh/config fills in the connection and connects', async ({ page, server, sshd }) => {
  await signIn(page, server);
  await page.goto(`${server.origin}/settings`);
  await expect(page.getByTestId('dom0-form')).toHaveAttribute('data-loaded', 'true');
  await page.getByTestId('dom0-use-alias').check();
  await expect(page.getByTestId('dom0-host')).toBeDisabled();
  await page.getByTestId('dom0-alias').fill('labdom0');
  await page.getByTestId('dom0-test').click();
  await expect(page.getByTestId('dom0-status')).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId('dom0-host')).toHaveValue(sshd.host);
  await expect(page.getByTestId('dom0-port')).toHaveValue(String(sshd.port));
  await expect(page.getByTestId('dom0-key-path')).toHaveValue(sshd.keyPath);
});

test('password login: the password prompt appears, the password is used for the session and never saved', async ({
  page,
  server,
  sshd,
}) => {
  await signIn(page, server);
  await page.goto(`${server.origin}/settings`);
  await expect(page.getByTestId('dom0-form')).toHaveAttribute('data-loaded', 'true');
  await page.getByTestId('dom0-use-alias').uncheck();
  await page.getByTestId('dom0-host').fill(sshd.host);
  await page.getByTestId('dom0-port').fill(String(sshd.port));
  await page.getByTestId('dom0-user').fill(sshd.user);
  await page.getByTestId('dom0-auth-password').check();
  await expect(page.getByTestId('dom0-key-path')).toHaveCount(0);
  await page.getByTestId('dom0-test').click();
  const prompt = page.getByTestId('dom0-secret-password');
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('dom0-secret-password-value').fill(sshd.password);
  await prompt.getByRole('button', { name: 'Use for this session' }).click();
  await expect(page.getByTestId('dom0-status')).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId('dom0-status')).toContainText(`Connected as ${sshd.user}`);
  const saved = readFileSync(join(server.configDir, 'dom0.json'), 'utf8');
  expect(JSON.parse(saved)).toMatchObject({ auth: { kind: 'password' } });
  expect(saved).not.toContain(sshd.password);
});

test('the target a new one replaced is offered back, and switching to it connects again', async ({
  page,
  server,
  sshd,
}) => {
  // The password test above replaced the key login: it is the newest earlier target.
  await signIn(page, server);
  await page.goto(`${server.origin}/settings`);
  await expect(page.getByTestId('dom0-form')).toHaveAttribute('data-loaded', 'true');
  const earlier = page.getByTestId('dom0-earlier');
  await expect(earlier.locator('li').first()).toContainText(
    `${sshd.user}@${sshd.host}:${sshd.port} (key ${sshd.keyPath})`,
  );
  await page.getByTestId('dom0-earlier-use-0').click();
  await expect(page.getByTestId('dom0-status')).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId('dom0-key-path')).toHaveValue(sshd.keyPath);
  expect(JSON.parse(readFileSync(join(server.configDir, 'dom0.json'), 'utf8'))).toMatchObject({
    auth: { kind: 'key', path: sshd.keyPath },
  });
  // ...and the password login it replaced is now the one offered back.
  await expect(earlier.locator('li').first()).toContainText(`${sshd.user}@${sshd.host}:${sshd.port} (password)`);
});

test('a changed host key is refused with both fingerprints; "forget this host" then shows the new key to trust', async ({
  page,
  sshd,
}) => {
  // A server of its own whose Onramp known_hosts holds another key for this sshd's host:port.
  const configDir = mkdtempSync(join(tmpdir(), 'onramp-e2e-changed-'));
  const oldKey = join(configDir, 'old_host_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', oldKey]);
  const oldFingerprint = execFileSync('ssh-keygen', ['-lf', `${oldKey}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? '';
  const oldLine = readFileSync(`${oldKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(join(configDir, 'known_hosts'), `[${sshd.host}]:${sshd.port} ${oldLine}\n`);
  const knownHosts = join(configDir, 'user_known_hosts');
  writeFileSync(knownHosts, '');
  const server = await startServer({ ONRAMP_CONFIG_DIR: configDir, ONRAMP_SSH_KNOWN_HOSTS: knownHosts });
  try {
    await signIn(page, server);
    await page.goto(`${server.origin}/settings`);
    await expect(page.getByTestId('dom0-form')).toHaveAttribute('data-loaded', 'true');
    await page.getByTestId('dom0-host').fill(sshd.host);
    await page.getByTestId('dom0-port').fill(String(sshd.port));
    await page.getByTestId('dom0-user').fill(sshd.user);
    await page.getByTestId('dom0-key-path').fill(sshd.keyPath);
    await page.getByTestId('dom0-test').click();
    const refused = page.getByTestId('dom0-hostkey-refused');
    await expect(refused).toContainText('CHANGED', { timeout: 30_000 });
    await expect(refused).toContainText(oldFingerprint);
    await expect(refused).toContainText(sshd.hostFingerprint);
    await expect(page.getByTestId('dom0-trust')).toHaveCount(0);

    await page.getByTestId('dom0-forget').click();
    await expect(page.getByTestId('dom0-fingerprint')).toHaveText(sshd.hostFingerprint, { timeout: 30_000 });
    await page.getByTestId('dom0-trust').click();
    await expect(page.getByTestId('dom0-status')).toHaveAttribute('data-phase', 'connected', { timeout: 30_000 });
  } finally {
    await stopServer(server);
    rmSync(configDir, { recursive: true, force: true });
  }
});
