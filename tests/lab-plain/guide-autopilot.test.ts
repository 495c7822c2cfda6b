// The guide runs itself on the plain machine: the real `onramp serve` (content/ chapters, dom0.json
// written by `onramp machine start --use-as-dom0`), driven over socket.io as the browser does,
// runs the chapter autopilot through "Xen in dom0" (install, GRUB default, reboot, console logs),
// "dom0 networking" (the bridge over the second NIC, ifupdown) and "Boot the unikernel" (the lab's
// PVH stand-in where `make build` leaves dist/hello.xen). The sudo prompts are answered the way
// the browser answers them (run:attach, run:secret). Every check of the chapters must pass, and
// xl info's xen_commandline must carry the guide's dom0_mem. A failing step is a bug in the guide.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AutopilotState } from '../../protocol/autopilot';
import type { MachineRecord } from '../../server/machine/record';
import { ackOf, AutopilotClient, itemLines } from '../helpers/autopilot-client';
import { dom0TargetPath, loadDom0Target } from '../../server/config/dom0-target';
import type { Verdict } from '../../protocol/verdict';
import { makeFixtureApp, signedInSocket, startServeProcess, type ChildServer } from '../helpers/server';
import { buildStandin, mirageXl } from '../lab/standin-build';
import { ciRequiresLab, labSkipReason } from '../lab/lab-env';
import { copyToDom0, dom0, labEnv, onrampMachine, openLabConfig } from '../lab/lab-machine';
import { cleanPlainMachine, PLAIN_MACHINE, plainRecord, plainUserPassword, serialTailOnFailure } from './plain-machine';

const skipReason = await labSkipReason();
const figures: string[] = [];

if (skipReason && ciRequiresLab) {
  describe('guide autopilot on the plain machine', () => {
    it('runs on CI (CI=true: a skipped lab lane is a failure)', () => {
      throw new Error(`the plain lab lane cannot run here: ${skipReason}`);
    });
  });
} else if (skipReason) {
  describe.skip(`guide autopilot on the plain machine (skipped: ${skipReason})`, () => {
    it('needs a lab host', () => {});
  });
} else {
  describe('the chapter autopilot through the real server on the plain machine', () => {
    let machine: MachineRecord;
    let server: ChildServer;
    let app: ReturnType<typeof makeFixtureApp>;
    let tab: AutopilotClient;

    async function runChapter(chapter: string, extra: { tabs?: string[] } = {}): Promise<AutopilotState> {
      const started = Date.now();
      const { state } = await tab.start({ chapter, path: 'qemu', ...extra });
      const done = await tab.ended(state.autopilotId, 3_600_000);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      figures.push(`autopilot ${chapter}${extra.tabs ? ` (${extra.tabs.join(', ')})` : ''}: ${secs} s, ${done.status}`);
      for (const item of done.items) {
        const took = item.startedAt && item.endedAt ? ` ${((item.endedAt - item.startedAt) / 1000).toFixed(1)} s` : '';
        figures.push(
          `  ${item.kind === 'check' ? item.checkId : item.stepId}: ${item.state}${took}${item.note ? ` (${item.note})` : ''}`,
        );
      }
      process.stderr.write(`--- autopilot ${chapter}: ${done.status} in ${secs} s\n${itemLines(done).join('\n')}\n`);
      if (done.failure) process.stderr.write(`failure: ${JSON.stringify(done.failure, null, 2)}\n`);
      return done;
    }

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
      // Every verdict that is not a pass, prerequisites included (they reach the tabs, not the
      // autopilot's item): what really stopped a chapter.
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
      console.log(`guide autopilot on the plain machine, figures:\n  ${figures.join('\n  ')}`);
      if (await plainRecord()) await onrampMachine(['stop', PLAIN_MACHINE], 300_000);
    });

    it('"Xen in dom0": installs Xen, makes it the default, reboots into it; every check passes', async () => {
      const done = await runChapter('xen');
      expect(done.status, JSON.stringify(done.failure, null, 2)).toBe('passed');
      expect(itemLines(done)).toContain('xen-reboot passed');
      const info = await dom0(machine, ['xl', 'info'], { timeoutMs: 120_000 });
      expect(info.stdout).toMatch(/^xen_commandline\s+:.*\bdom0_mem=1024M,max:1024M\b/m);
    }, 3_600_000);

    it('"dom0 networking" (ifupdown): the bridge over the second NIC after a reboot; every check passes', async () => {
      const done = await runChapter('dom0', { tabs: ['ifupdown'] });
      expect(done.status, JSON.stringify(done.failure, null, 2)).toBe('passed');
      const bridge = await dom0(machine, ['ip', '-brief', 'address', 'show', 'dev', 'br0']);
      expect(bridge.stdout).toMatch(/192\.168\.56\.5\/24/);
    }, 3_600_000);

    it('"Boot the unikernel": the PVH stand-in where make build leaves it boots; every check passes', async () => {
      const standin = await buildStandin();
      const work = await mkdtemp(join(tmpdir(), 'onramp-boot-'));
      try {
        await writeFile(join(work, 'hello.xl'), mirageXl('hello', 'hello.xen', 'br0'));
        // the guide's user: the one dom0.json logs in as (the machine record's sshUser is the lab's root)
        const saved = await loadDom0Target(dom0TargetPath(labEnv));
        if (!saved) throw new Error('no dom0.json after onramp machine start --use-as-dom0');
        const user = saved.user;
        const dist = `/home/${user}/mirage-skeleton/tutorial/hello/dist`;
        const made = await dom0(machine, ['mkdir', '-p', dist]);
        expect(made.code, made.stderr).toBe(0);
        const copied = await copyToDom0(machine, [standin.hello, join(work, 'hello.xl')], dist);
        expect(copied.code, copied.stderr).toBe(0);
        // one string: ssh hands the remote command line to the remote shell
        const moved = await dom0(machine, [
          `mv ${dist}/hello-standin.xen ${dist}/hello.xen && chown -R ${user}: /home/${user}/mirage-skeleton`,
        ]);
        expect(moved.code, moved.stderr).toBe(0);
        const done = await runChapter('boot');
        expect(done.status, JSON.stringify(done.failure, null, 2)).toBe('passed');
      } finally {
        await rm(work, { recursive: true, force: true });
        await rm(standin.dir, { recursive: true, force: true });
      }
    }, 3_600_000);

    it("afterwards, every check of the three chapters passes (check:run, as the chapter's buttons run them)", async () => {
      const ids = [
        'dom0-reachable',
        'xen-running',
        'xen-version',
        'xen-hvm',
        'xen-console-log',
        'dom0-bridge',
        'dom0-dnsmasq-dhcp',
        'unikernel-boot',
      ];
      for (const checkId of ids) {
        const res = await ackOf<Verdict>((ack) => tab.socket.emit('check:run', { checkId }, ack), 600_000);
        expect(res.ok && res.value.status, `${checkId}: ${JSON.stringify(res)}`).toBe('passed');
      }
    }, 1_800_000);
  });
}
