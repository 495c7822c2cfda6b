// The reader's setup path in a real Chromium against its own companion server: path tabs open on
// the path the machine store implies (a generic machine: "A machine of your own"), a picked tab is
// remembered across pages and reloads (setup-path.json), the dashboard follows it, and its "Run
// all" runs none of the VirtualBox checks on the QEMU path.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CHECKS } from '../../protocol/check-catalog';
import { pollFor } from '../helpers/poll';
import { signIn, startServer, stopServer, type OnrampServer } from '../helpers/onramp-process';
import { test, expect } from '@playwright/test';

const VIRTUALBOX_ONLY = Object.entries(CHECKS)
  .filter(([, meta]) => 'path' in meta && meta.path === 'virtualbox')
  .map(([id]) => id);

let own: OnrampServer;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  own = await startServer();
});
test.afterAll(async () => {
  await stopServer(own);
});

/** The open tab of the chapter's path tabs (dom0-vm has one such group). */
async function openPathTab(page: Page): Promise<string | null> {
  return page.locator('input.tab-input[data-path]:checked').getAttribute('data-path');
}

test('a machine store with a generic machine only opens the "A machine of your own" tab', async ({ page }) => {
  const machines = join(own.configDir, 'data', 'machines');
  mkdirSync(machines, { recursive: true });
  const spare = {
    name: 'spare',
    driver: 'generic',
    dir: join(machines, 'spare'),
    imageKey: 'generic',
    sshHost: '192.168.1.20',
    sshPort: 22,
    sshUser: 'you',
    hostKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample',
    readySnapshot: false,
    createdAt: '2026-11-30T20:00:00.000Z',
  };
  writeFileSync(join(machines, 'machines.json'), JSON.stringify({ version: 1, machines: [spare] }));
  await signIn(page, own);
  await page.goto(`${own.origin}/guide/dom0-vm`);
  await expect.poll(() => openPathTab(page)).toBe('generic');
  await expect(page.getByRole('heading', { name: 'A machine of your own' })).toBeVisible();
  await page.goto(`${own.origin}/setup`);
  await expect(page.getByTestId('dashboard-path')).toHaveAttribute('data-path', 'generic');
  for (const id of VIRTUALBOX_ONLY) await expect(page.getByTestId(`dashboard-check-${id}`)).toHaveCount(0);
});

test('a picked path tab is remembered across reloads and pages; "Run all" then leaves the VirtualBox checks out', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signIn(page, own);
  await page.goto(`${own.origin}/guide/dom0-vm`);
  await expect.poll(() => openPathTab(page)).toBe('generic');
  await page.locator('label.tab-label', { hasText: 'QEMU/KVM (Linux)' }).click();
  // Kept by the companion server (as Settings keep dom0.json), not only in this page.
  const file = join(own.configDir, 'setup-path.json');
  const saved = await pollFor('setup-path.json to say qemu', () => {
    const choice = JSON.parse(readFileSync(file, 'utf8')) as { path: string };
    return choice.path === 'qemu' && choice;
  });
  expect(saved.path).toBe('qemu');

  await page.reload();
  await expect.poll(() => openPathTab(page)).toBe('qemu');
  await expect(page.getByRole('heading', { name: 'Create the lab machine' })).toBeVisible();

  // Another page of the same server, with no copy in its storage, asks the server.
  const other = await page.context().newPage();
  await other.goto(`${own.origin}/guide/dom0-vm`);
  await other.evaluate(() => localStorage.removeItem('onramp.setup-path'));
  await other.reload();
  await expect.poll(() => openPathTab(other)).toBe('qemu');

  await page.goto(`${own.origin}/setup`);
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-connection', 'connected');
  await expect(page.getByTestId('dashboard-path-select')).toHaveValue('qemu');
  await page.getByTestId('run-all').click();
  await expect(page.getByTestId('run-all')).toHaveText('Run all', { timeout: 150_000 });
  const progress = JSON.parse(readFileSync(join(own.configDir, 'progress.json'), 'utf8')) as {
    checks: Record<string, unknown>;
  };
  expect(Object.keys(progress.checks)).toContain('dom0-reachable');
  expect(Object.keys(progress.checks).filter((id) => VIRTUALBOX_ONLY.includes(id))).toEqual([]);

  // The dashboard's own choice moves the guide's tabs too.
  await page.getByTestId('dashboard-path-select').selectOption('virtualbox');
  await other.reload();
  await expect.poll(() => openPathTab(other)).toBe('virtualbox');

  // A link to a heading inside another path's tab opens that tab, without changing the reader's
  // path: from another chapter (Choose your path links there), and within the page.
  await other.goto(`${own.origin}/guide/choose-your-path`);
  await other.locator('a[href="/guide/dom0-vm#a-machine-of-your-own"]').click();
  await expect(other.getByRole('heading', { name: 'A machine of your own' })).toBeVisible();
  expect(await openPathTab(other)).toBe('generic');
  await other.locator('label.tab-label', { hasText: /^VirtualBox$/ }).click();
  await expect(other.getByRole('heading', { name: 'A machine of your own' })).toBeHidden();
  await other.evaluate(() => (location.hash = '#create-the-vm'));
  await other.locator('.toc a[href="#a-machine-of-your-own"]').click();
  await expect(other.getByRole('heading', { name: 'A machine of your own' })).toBeVisible();
  await expect.poll(() => (JSON.parse(readFileSync(file, 'utf8')) as { path: string }).path).toBe('virtualbox');
});
