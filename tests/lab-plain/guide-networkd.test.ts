// "dom0 networking", the systemd-networkd tab, on a fresh snapshot of the plain machine (the
// autopilot lane file runs the ifupdown tab): the real `onramp serve` over socket.io runs the
// chapter's autopilot as the browser does (sudo prompts answered through run:attach/run:secret),
// the reboot is waited through, and afterwards br0 is systemd-networkd's, holds the second NIC and
// carries dom0's address, and the chapter's check passes through check:run. A failing step is a
// bug in the guide.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AutopilotState } from '../../protocol/autopilot';
import type { Verdict } from '../../protocol/verdict';
import type { MachineRecord } from '../../server/machine/record';
import { ackOf, AutopilotClient, itemLines } from '../helpers/autopilot-client';
import { makeFixtureApp, signedInSocket, startServeProcess, type ChildServer } from '../helpers/server';
import { ciRequiresLab, labSkipReason } from '../lab/lab-env';
import { dom0, labEnv, onrampMachine, openLabConfig } from '../lab/lab-machine';
import { cleanPlainMachine, PLAIN_MACHINE, plainRecord, plainUserPassword, serialTailOnFailure } from './plain-machine';

const skipReason = await labSkipReason();
const figures: string[] = [];

if (skipReason && ciRequiresLab) {
  describe('dom0 networking (systemd-networkd) on the plain machine', () => {
    it('runs on CI (CI=true: a skipped lab lane is a failure)', () => {
      throw new Error(`the plain lab lane cannot run here: ${skipReason}`);
    });
  });
} else if (skipReason) {
  describe.skip(`dom0 networking (systemd-networkd) on the plain machine (skipped: ${skipReason})`, () => {
    it('needs a lab host', () => {});
  });
} else {
  describe('"dom0 networking" with systemd-networkd through the autopilot on a fresh plain machine', () => {
    let machine: MachineRecord;
    let server: ChildServer;
    let app: ReturnType<typeof makeFixtureApp>;
    let tab: AutopilotClient;

    // a failing test prints where the machine's boot stopped (GRUB, Xen, dom0's console)
    beforeEach(serialTailOnFailure);

    beforeAll(async () => {
      await openLabConfig();
      machine = await cleanPlainMachine(figures);
      app = makeFixtureApp();
      server = await startServeProcess({
        ...(labEnv as Record<string, string>),
        ONRAMP_APP_DIR: app.appDir,
        ONRAMP_CONTENT_DIRS: 'content',
      });
      tab = new AutopilotClient(await signedInSocket(server));
      tab.answerSecretsWith(await plainUserPassword(machine));
      tab.socket.on('check:result', ({ checkId, verdict }) => {
        if (verdict.status === 'passed') return;
        const line = `check:result ${checkId} ${verdict.status}: ${'reason' in verdict ? verdict.reason : ''}`;
        figures.push(line);
        process.stderr.write(`${line}\n`);
      });
    }, 3_000_000);

    afterAll(async () => {
      tab?.socket.close();
      await server?.close();
      app?.cleanup();
      console.log(`dom0 networking (systemd-networkd) on the plain machine, figures:\n  ${figures.join('\n  ')}`);
      if (await plainRecord()) await onrampMachine(['stop', PLAIN_MACHINE], 300_000);
    });

    it("the bridge over the second NIC is systemd-networkd's after the reboot; the chapter's check passes", async () => {
      const started = Date.now();
      const { state } = await tab.start({ chapter: 'dom0', path: 'qemu', tabs: ['systemd-networkd'] });
      const done: AutopilotState = await tab.ended(state.autopilotId, 3_600_000);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      figures.push(`autopilot dom0 (systemd-networkd): ${secs} s, ${done.status}`);
      for (const item of done.items) {
        const took = item.startedAt && item.endedAt ? ` ${((item.endedAt - item.startedAt) / 1000).toFixed(1)} s` : '';
        figures.push(
          `  ${item.kind === 'check' ? item.checkId : item.stepId}: ${item.state}${took}${item.note ? ` (${item.note})` : ''}`,
        );
      }
      process.stderr.write(
        `--- autopilot dom0 (systemd-networkd): ${done.status} in ${secs} s\n${itemLines(done).join('\n')}\n`,
      );
      expect(done.status, JSON.stringify(done.failure, null, 2)).toBe('passed');
      expect(itemLines(done)).toContain('dom0-bridge-networkd passed');
      expect(itemLines(done)).not.toContain('dom0-bridge-ifupdown passed');
      expect(itemLines(done)).toContain('dom0-bridge-reboot passed');

      const bridge = await dom0(machine, ['ip', '-brief', 'address', 'show', 'dev', 'br0']);
      expect(bridge.stdout).toMatch(/192\.168\.56\.5\/24/);
      const members = await dom0(machine, ['ip', '-brief', 'link', 'show', 'master', 'br0']);
      expect(members.stdout).toMatch(/^enp0s8\b/m);
      // systemd-networkd made and configured it (not ifupdown, whose file for the card is gone)
      const networkctl = await dom0(machine, ['networkctl', '--no-pager', '--no-legend', 'list', 'br0']);
      expect(networkctl.stdout).toMatch(/\bbr0\s+bridge\s+\S+\s+configured\b/);
      const ifupdown = await dom0(machine, ['ls', '/etc/network/interfaces.d']);
      expect(ifupdown.stdout).not.toMatch(/\benp0s8\b|\bbr0\b/);

      const res = await ackOf<Verdict>((ack) => tab.socket.emit('check:run', { checkId: 'dom0-bridge' }, ack), 600_000);
      expect(res.ok && res.value.status, JSON.stringify(res)).toBe('passed');
    }, 3_600_000);
  });
}
