// "Run this chapter" on the real "Xen in dom0" chapter, in Debian's Chromium, with the plain
// machine (Debian 12 as installed, booting through GRUB, no Xen) as dom0: the reader clicks Run,
// keeps the pre-filled dom0_mem_mb, types the machine user's sudo password when the panel asks, and
// the chapter installs Xen, makes it GRUB's default, reboots dom0, waits for it and passes its
// checks. Prints the wall time of the chapter run.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { signIn, startServer, stopServer, type OnrampServer } from '../helpers/onramp-process';
import { ciRequiresLab, labSkipReason } from '../lab/lab-env';
import { labEnv, onrampMachine, openLabConfig } from '../lab/lab-machine';
import { cleanPlainMachine, PLAIN_MACHINE, plainRecord, plainSerialTail, plainUserPassword } from './plain-machine';

const CHAPTER = 'xen';
const RUN_DEADLINE_MS = 3_000_000;

/** Answer every sudo prompt the panel shows until the chapter run ends; its final status. */
async function followRun(page: Page, password: string): Promise<{ status: string; prompts: number }> {
  const panel = page.getByTestId('autopilot');
  const deadline = Date.now() + RUN_DEADLINE_MS;
  let prompts = 0;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`the chapter run did not end in ${RUN_DEADLINE_MS / 1000} s`);
    // Whichever comes first: a sudo prompt in the panel, or the end of the chapter run.
    const next = await page.waitForFunction(
      () => {
        if (document.querySelector('[data-testid="autopilot"] form.run-secret')) return 'prompt';
        const s = document.querySelector('[data-testid="autopilot-summary"]')?.getAttribute('data-status');
        return s === 'passed' || s === 'failed' || s === 'canceled' ? s : false;
      },
      null,
      { timeout: remaining, polling: 1000 },
    );
    const what = (await next.jsonValue()) as string;
    if (what !== 'prompt') return { status: what, prompts };
    const prompt = panel.locator('form.run-secret');
    await prompt.locator('input[type="password"]').fill(password);
    await prompt.getByRole('button', { name: 'Continue' }).click();
    prompts += 1;
    await expect(prompt).toBeHidden({ timeout: 60_000 });
  }
}

test('Run this chapter: "Xen in dom0" on the plain Debian 12 machine ends with every item done', async ({ page }) => {
  test.setTimeout(RUN_DEADLINE_MS + 1_500_000);
  const skipReason = await labSkipReason();
  if (skipReason && ciRequiresLab) throw new Error(`the plain lab lane cannot run here: ${skipReason}`);
  test.skip(skipReason !== undefined, skipReason);

  const configDir = await openLabConfig();
  const figures: string[] = [];
  let server: OnrampServer | undefined;
  let passed = false;
  try {
    const machine = await cleanPlainMachine(figures);
    const password = await plainUserPassword(machine);
    server = await startServer({
      ONRAMP_CONFIG_DIR: configDir,
      ONRAMP_DATA_DIR: labEnv.ONRAMP_DATA_DIR ?? join(configDir, 'data'),
    });
    await signIn(page, server);
    await page.goto(`${server.origin}/guide/${CHAPTER}`);
    const panel = page.getByTestId('autopilot');
    await panel.getByRole('button', { name: 'Run this chapter' }).click();
    // The chapter's one value, pre-filled from its default and shown before anything runs.
    await expect(panel.getByRole('textbox', { name: /dom0_mem_mb/ })).toHaveValue('1024', { timeout: 60_000 });
    const started = Date.now();
    await panel.getByRole('button', { name: 'Start' }).click();

    const { status, prompts } = await followRun(page, password);
    const seconds = (Date.now() - started) / 1000;
    figures.push(
      `chapter "${CHAPTER}" through the browser: ${seconds.toFixed(1)} s, ${prompts} sudo prompt(s) answered`,
    );
    const states = await panel
      .locator('[data-testid^="autopilot-item-"]')
      .evaluateAll((els) => els.map((el) => `${el.getAttribute('data-testid')}=${el.getAttribute('data-state')}`));
    figures.push(`items: ${states.join(' ')}`);
    expect(status, `${states.join('\n')}\n${await panel.innerText()}`).toBe('passed');
    expect(prompts).toBeGreaterThan(0);
    for (const line of states) expect(line).toMatch(/=(passed|satisfied)$/);
    for (const id of [
      'xen-install',
      'xen-grub-default',
      'xen-reboot',
      'xen-info',
      'xen-running',
      'xen-version',
      'xen-hvm',
    ]) {
      expect(states.some((l) => l.startsWith(`autopilot-item-${id}=`))).toBe(true);
    }
    // The step's own panel shows what xl info printed after the reboot: Xen with the guide's dom0_mem.
    await page.reload();
    await expect(page.getByTestId('terminal-xen-info')).toContainText(/xen_commandline\s*:.*dom0_mem=1024M,max:1024M/, {
      timeout: 30_000,
    });
    passed = true;
  } finally {
    console.log(`plain machine in the browser, figures:\n  ${figures.join('\n  ')}`);
    // where the machine's boot stopped, when the chapter did not pass (GRUB, Xen, dom0's console)
    if (!passed) console.log(await plainSerialTail());
    if (server) await stopServer(server);
    if (await plainRecord()) await onrampMachine(['stop', PLAIN_MACHINE], 300_000);
    await rm(configDir, { recursive: true, force: true });
  }
});
