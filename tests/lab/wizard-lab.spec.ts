// The lab lane through the wizard: the real companion server, with the lab machine registered as
// dom0 by `onramp machine start`, and a real Chromium on /setup. The Xen checks pass from real
// `xl info`, and "Boot it" boots hello-standin.xen (a TEST STAND-IN for the Mirage hello) from the
// .xl where the guide puts it. Runs after the vitest lab project, which creates the machine.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { DEFAULT_CHECK_SETTINGS } from '../../server/checks/types';
import { LAB_USER } from '../../server/machine/driver';
import { signIn, startServer, stopServer, type OnrampServer } from '../helpers/onramp-process';
import { ciRequiresLab, labSkipReason } from './lab-env';
import { copyToDom0, dom0, LAB_MACHINE, labEnv, labRecord, onrampMachine, openLabConfig } from './lab-machine';
import { buildStandin, mirageXl } from './standin-build';

const XEN_CHECKS = ['xen-running', 'xen-version', 'xen-hvm'] as const;

test('the Xen checks pass from real xl info, and "Boot it" boots the stand-in: hello four times', async ({ page }) => {
  test.setTimeout(1_500_000);
  const skipReason = await labSkipReason();
  if (skipReason && ciRequiresLab) throw new Error(`the lab lane cannot run here: ${skipReason}`);
  test.skip(skipReason !== undefined, skipReason);

  const configDir = await openLabConfig();
  let standin: Awaited<ReturnType<typeof buildStandin>> | undefined;
  let server: OnrampServer | undefined;
  try {
    if (!(await labRecord()))
      throw new Error(`no lab machine "${LAB_MACHINE}": the vitest lab project creates it; run tests/lab/run-lab.sh`);
    // A dom0 the user set up by hand: a plain start must leave it byte for byte.
    const usersDom0 = `${JSON.stringify({ host: '192.0.2.10', port: 22, user: 'me', auth: { kind: 'agent' } }, null, 2)}\n`;
    await writeFile(join(configDir, 'dom0.json'), usersDom0);
    const started = await onrampMachine(['start', LAB_MACHINE], 1_200_000);
    if (started.code !== 0) throw new Error(`onramp machine start failed:\n${started.stderr}`);
    expect(await readFile(join(configDir, 'dom0.json'), 'utf8')).toBe(usersDom0);
    // Asked: the machine becomes dom0 (dom0.json and its host key), the user's target is kept for Settings.
    const registered = await onrampMachine(['start', LAB_MACHINE, '--use-as-dom0'], 1_200_000);
    if (registered.code !== 0) throw new Error(`onramp machine start --use-as-dom0 failed:\n${registered.stderr}`);
    const previous = JSON.parse(await readFile(join(configDir, 'dom0-previous.json'), 'utf8')) as {
      targets: unknown[];
    };
    expect(previous.targets).toEqual([JSON.parse(usersDom0)]);
    const machine = await labRecord();
    if (!machine) throw new Error('the machine store lost onramp-lab after start');

    standin = await buildStandin();
    const xlPath = `/home/${LAB_USER}/${DEFAULT_CHECK_SETTINGS.xlFile}`;
    const distDir = xlPath.slice(0, xlPath.lastIndexOf('/'));
    await writeFile(join(standin.dir, 'hello.xl'), mirageXl('hello', 'hello.xen', 'xenbr0'));
    expect((await dom0(machine, ['mkdir', '-p', distDir])).code).toBe(0);
    const copied = await copyToDom0(machine, [standin.hello, join(standin.dir, 'hello.xl')], distDir);
    if (copied.code !== 0) throw new Error(`scp of the stand-in failed: ${copied.stderr}`);
    const renamed = await dom0(machine, ['mv', `${distDir}/hello-standin.xen`, `${distDir}/hello.xen`]);
    expect(renamed.code, renamed.stderr).toBe(0);
    const owned = await dom0(machine, ['chown', '-R', `${LAB_USER}:`, `/home/${LAB_USER}/mirage-skeleton`]);
    expect(owned.code, owned.stderr).toBe(0);

    server = await startServer({
      ONRAMP_CONFIG_DIR: configDir,
      ONRAMP_DATA_DIR: labEnv.ONRAMP_DATA_DIR ?? join(configDir, 'data'),
    });
    await signIn(page, server);
    await page.goto(`${server.origin}/setup`);
    await expect(page.getByTestId('dashboard')).toHaveAttribute('data-connection', 'connected');

    const row = (id: string) => page.getByTestId(`dashboard-check-${id}`);
    for (const id of XEN_CHECKS) {
      await page.getByTestId(`rerun-${id}`).click();
      await expect(row(id)).toHaveAttribute('data-status', 'passed', { timeout: 90_000 });
    }
    await expect(row('xen-version')).toContainText(/4\.\d+/);

    await page.getByTestId('boot-unikernel-boot').click();
    // The server bounds the boot by a deadline set from dom0's measured speed (up to 420 s + 120 s,
    // server/checks/defs/boot-deadline.ts): wait for its verdict rather than cut it short here.
    await expect(row('unikernel-boot')).toHaveAttribute('data-status', 'passed', { timeout: 600_000 });
    await expect(row('unikernel-boot')).toContainText('"hello" ×4, solo5_exit(0)');

    // Settings offers the user's own dom0 back.
    await page.goto(`${server.origin}/settings`);
    await expect(page.getByTestId('dom0-earlier')).toContainText('me@192.0.2.10:22 (SSH agent)');
  } finally {
    if (server) await stopServer(server);
    if (standin) await rm(standin.dir, { recursive: true, force: true });
    if (await labRecord()) await onrampMachine(['stop', LAB_MACHINE], 300_000);
    await rm(configDir, { recursive: true, force: true });
  }
});
