// The guide runs on the plain machine: every dom0 step of the chapter "Xen in dom0", taken from
// the step registry (the same command text a reader's click runs), started through Onramp's run
// store and SSH runner as the machine's normal user with its sudo password, in the chapter's
// order. A step that reboots dom0 is followed by waiting for SSH with the pinned host key. Then
// the machine must have booted through GRUB into Xen with the guide's dom0_mem, and the
// chapter's checks must pass. A failing step here is a bug in the guide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDirs, loadContent } from '../../lib/content/index';
import type { RunResult } from '../../protocol/run-result';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { StepDecl } from '../../protocol/steps';
import { createCheckService } from '../../server/checks/service';
import { dom0TargetPath, loadDom0Target } from '../../server/config/dom0-target';
import type { MachineRecord } from '../../server/machine/record';
import { RunStore } from '../../server/runs/run-store';
import { createSshRunner } from '../../server/runners/ssh';
import type { TargetRunner } from '../../server/runners/types';
import { ConnectionPool } from '../../server/ssh/connection-pool';
import { planStepRun, StepCatalog } from '../../server/steps/step-catalog';
import { pollFor } from '../helpers/poll';
import { ciRequiresLab, labSkipReason } from '../lab/lab-env';
import { labEnv, onrampMachine, openLabConfig } from '../lab/lab-machine';
import { cleanPlainMachine, PLAIN_MACHINE, plainRecord, plainUserPassword } from './plain-machine';

const CHAPTER = 'xen';
const skipReason = await labSkipReason();
const figures: string[] = [];

/** A step that restarts dom0 (marked `reboot` in the chapter): its SSH connection drops, and the next step waits for dom0 to return. */
const reboots = (step: StepDecl) => step.reboot === true;

interface StepOutcome {
  readonly result: RunResult;
  readonly output: string;
  readonly seconds: number;
}

if (skipReason && ciRequiresLab) {
  describe('guide on the plain machine', () => {
    it('runs on CI (CI=true: a skipped lab lane is a failure)', () => {
      throw new Error(`the plain lab lane cannot run here: ${skipReason}`);
    });
  });
} else if (skipReason) {
  describe.skip(`guide on the plain machine (skipped: ${skipReason})`, () => {
    it('needs a lab host', () => {});
  });
} else {
  describe('the guide\'s "Xen in dom0" dom0 steps on the plain machine', () => {
    let machine: MachineRecord;
    let steps: StepDecl[];
    let chapterChecks: string[];
    let catalog: StepCatalog;
    let pool: ConnectionPool;
    let target: Dom0Target;
    let runner: TargetRunner;
    const store = new RunStore();

    async function runStep(step: StepDecl): Promise<StepOutcome> {
      const plan = planStepRun(catalog, step.id, {});
      if (!plan.ok) throw new Error(plan.error);
      const started = Date.now();
      const info = await store.start(plan.value.step, runner, { ...plan.value.env }, { cols: 160, rows: 50 });
      let output = '';
      const result = await new Promise<RunResult>((resolve) => {
        store.attach(
          info.runId,
          'lab',
          {
            data: (offset, chunk) => {
              output += chunk;
              store.ack(info.runId, 'lab', offset + chunk.length);
            },
            gap: () => {},
            exit: resolve,
          },
          0,
        );
      });
      const seconds = (Date.now() - started) / 1000;
      figures.push(`step ${step.id}: ${seconds.toFixed(1)} s (${result.message})`);
      process.stderr.write(`--- step ${step.id} (${result.message}) ---\n${output.slice(-3000)}\n`);
      return { result, output, seconds };
    }

    beforeAll(async () => {
      await openLabConfig();
      machine = await cleanPlainMachine(figures);
      const { registry, chapters } = await loadContent(contentDirs({}));
      catalog = new StepCatalog(registry);
      steps = registry.steps.filter((s) => s.chapter === CHAPTER && s.target === 'dom0');
      chapterChecks = chapters.find((c) => c.slug === CHAPTER)?.checks.map((c) => c.id) ?? [];
      // `onramp machine start --use-as-dom0` registered the machine as dom0: dom0.json and its host key, pinned
      const saved = await loadDom0Target(dom0TargetPath(labEnv));
      if (!saved) throw new Error(`no dom0.json in ${labEnv.ONRAMP_CONFIG_DIR} after onramp machine start`);
      target = saved;
      pool = new ConnectionPool({ env: labEnv });
      pool.setSecret(target, 'sudo-password', await plainUserPassword(machine));
      runner = createSshRunner(pool, target);
    });

    afterAll(async () => {
      await pool?.dispose();
      console.log(`guide on the plain machine, figures:\n  ${figures.join('\n  ')}`);
      if (await plainRecord()) await onrampMachine(['stop', PLAIN_MACHINE], 300_000);
    });

    it("has the chapter's steps to run: install, GRUB default, reboot, xl info", () => {
      expect(steps.map((s) => s.id)).toEqual(
        expect.arrayContaining(['xen-install', 'xen-grub-default', 'xen-reboot', 'xen-info']),
      );
    });

    it('runs every dom0 step of the chapter in order, waiting for dom0 after a reboot', async () => {
      for (const step of steps) {
        const before = reboots(step)
          ? (await runner.exec({ argv: ['cat', '/proc/sys/kernel/random/boot_id'] })).stdout.trim()
          : '';
        const outcome = await runStep(step);
        if (!reboots(step)) {
          expect(outcome.result.exitCode, `step ${step.id} failed:\n${outcome.output.slice(-4000)}`).toBe(0);
          continue;
        }
        // the connection drops with the reboot: the run may end with the transport lost, not an exit code
        const started = Date.now();
        await pollFor(
          `dom0 back over SSH (pinned host key) after step ${step.id}`,
          async () => {
            const id = await runner.exec({ argv: ['cat', '/proc/sys/kernel/random/boot_id'], timeoutMs: 20_000 });
            return id.exitCode === 0 && id.stdout.trim() !== '' && id.stdout.trim() !== before;
          },
          { timeoutMs: 1_800_000, intervalMs: 3000 },
        );
        figures.push(`reboot to SSH after ${step.id}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    });

    it("booted through GRUB into Xen with the guide's dom0_mem", async () => {
      const info = await runner.exec({ argv: ['xl', 'info'], root: true, timeoutMs: 120_000 });
      expect(info.exitCode, info.stderr).toBe(0);
      expect(info.stdout).toMatch(/^xen_version\s+:\s+4\.17/m);
      const dom0Mem = catalog.get('xen-grub-default')?.params.find((p) => p.name === 'dom0_mem')?.default;
      expect(dom0Mem).toBeDefined();
      expect(info.stdout).toMatch(new RegExp(`^xen_commandline\\s+:.*\\bdom0_mem=${dom0Mem}M,max:${dom0Mem}M\\b`, 'm'));
      // dom0's kernel started by GRUB's Xen entry from the disk (root by UUID, as update-grub writes it)
      const cmdline = await runner.exec({ argv: ['cat', '/proc/cmdline'] });
      expect(cmdline.stdout).toMatch(/\broot=UUID=/);
    });

    it("passes the chapter's checks", async () => {
      const service = createCheckService(
        (t) =>
          t === 'dom0' ? { ok: true, value: runner } : { ok: false, error: 'host checks are not part of this lane' },
        {
          progressFile: null,
        },
      );
      expect(chapterChecks.length).toBeGreaterThan(0);
      for (const id of chapterChecks) {
        const verdict = await service.run(id);
        expect(verdict.status, `${id}: ${JSON.stringify(verdict)}`).toBe('passed');
      }
    });
  });
}
