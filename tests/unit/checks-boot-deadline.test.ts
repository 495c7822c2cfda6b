// The boot check's deadline comes from this dom0's measured speed (its own `sudo xl list`), with a
// floor and a ceiling; a check that derived a longer deadline gets it from the service; the verdict
// on a deadline names it and the figure behind it. The same path serves the dashboard and doctor.
import { describe, expect, it } from 'vitest';
import {
  BOOT_DEADLINE_CEILING_MS,
  BOOT_DEADLINE_FLOOR_MS,
  bootDeadline,
  describeBootDeadline,
} from '../../server/checks/defs/boot-deadline';
import { decideUnikernelBoot, unikernelBoot } from '../../server/checks/defs/unikernel';
import { runWithDeadline } from '../../server/checks/service';
import { DEFAULT_CHECK_SETTINGS, type CheckDefinition } from '../../server/checks/types';
import type { ExecOutput, ExecRequest, TargetRunner } from '../../server/runners/types';
import { execOutput } from '../fixtures/tools/load';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('bootDeadline', () => {
  it('a fast dom0 (real hardware, idle lab) gets the floor', () => {
    expect(bootDeadline(40).createMs).toBe(BOOT_DEADLINE_FLOOR_MS);
    expect(bootDeadline(0).createMs).toBe(BOOT_DEADLINE_FLOOR_MS);
  });

  it('a slow dom0 gets base + 20 × its xl list time', () => {
    // the lab under TCG at load 12: sudo xl list took 6 s
    expect(bootDeadline(6000)).toEqual({ createMs: 150_000, afterMs: 63_000, xlListMs: 6000 });
  });

  it('never beyond the ceiling, and nonsense counts as fast', () => {
    expect(bootDeadline(60_000).createMs).toBe(BOOT_DEADLINE_CEILING_MS);
    // the whole check (create + after) stays under the dashboard's 600 s wait
    const worst = bootDeadline(1e9);
    expect(worst.createMs + worst.afterMs).toBeLessThan(600_000);
    expect(bootDeadline(Number.NaN).createMs).toBe(BOOT_DEADLINE_FLOOR_MS);
    expect(bootDeadline(-5).createMs).toBe(BOOT_DEADLINE_FLOOR_MS);
  });

  it('names the figure behind a derived deadline', () => {
    expect(describeBootDeadline(bootDeadline(10))).toBe('45 s');
    expect(describeBootDeadline(bootDeadline(6000))).toBe("150 s (set from this dom0's speed: xl list took 6.0 s)");
    expect(describeBootDeadline(bootDeadline(60_000))).toMatch(/^420 s \(the ceiling; set from/);
  });
});

describe('the verdict on a boot deadline', () => {
  it('xl create still running with no console: says so with the deadline and its figure', () => {
    const v = decideUnikernelBoot({
      name: 'hello',
      create: execOutput({ stdout: 'Parsing config from hello.xl\n', exitCode: null, timedOut: true }),
      listAfter: execOutput({ stdout: 'Name ID Mem VCPUs State Time(s)\n' }),
      destroyed: true,
      deadline: bootDeadline(6000),
    });
    expect(v.status === 'failed' && v.reason).toBe(
      "xl create -c was still running after 150 s (set from this dom0's speed: xl list took 6.0 s) with no Solo5 console output yet; the check destroyed the domain",
    );
  });
});

describe('ctx.needs moves the attempt deadline out', () => {
  const later = (ms: number): TargetRunner => ({
    kind: 'dom0',
    exec: async (req) => {
      await sleep(ms);
      return execOutput({ stdout: req.argv.join(' ') });
    },
    spawnPty: () => Promise.reject(new Error('not used')),
  });
  const def = (needMs: number): CheckDefinition => ({
    id: 'unikernel-boot',
    timeoutMs: 50,
    async run(ctx) {
      ctx.needs(needMs);
      const out = await ctx.exec({ argv: ['echo', 'slow'] });
      return { status: 'passed', found: out.stdout };
    },
  });

  it('a check that needs 400 ms finishes a 150 ms command past its 50 ms default', async () => {
    const v = await runWithDeadline(def(400), later(150), DEFAULT_CHECK_SETTINGS, 'linux', 50);
    expect(v).toEqual({ status: 'passed', found: 'echo slow' });
  });

  it('and is still cut at the new deadline, which the verdict names', async () => {
    const v = await runWithDeadline(def(100), later(2000), DEFAULT_CHECK_SETTINGS, 'linux', 50);
    expect(v.status === 'error' && v.reason).toMatch(
      /^the check did not finish within 0\.1 s: still waiting for `echo slow`/,
    );
  });
});

describe('unikernel-boot derives its deadline from its own xl list', () => {
  it('a dom0 whose xl list takes 1.5 s gives xl create -c 60 s, and the check the time to use it', async () => {
    const seen: ExecRequest[] = [];
    const runner: TargetRunner = {
      kind: 'dom0',
      exec: async (req): Promise<ExecOutput> => {
        seen.push(req);
        if (req.argv[0] === 'cat' && req.argv[1] === DEFAULT_CHECK_SETTINGS.xlFile)
          return execOutput({ stdout: "name = 'hello'\n" });
        if (req.argv[0] === 'xl' && req.argv[1] === 'list') {
          if (seen.filter((r) => r.argv[1] === 'list').length === 1) await sleep(1500);
          return execOutput({ stdout: 'Name ID Mem VCPUs State Time(s)\nDomain-0 0 768 2 r----- 1.0\n' });
        }
        return execOutput({
          stdout: '**** Solo5 standalone test_verify ****\nhello\nhello\nhello\nhello\nSolo5: solo5_exit(0) called\n',
        });
      },
      spawnPty: () => Promise.reject(new Error('not used')),
    };
    await runWithDeadline(unikernelBoot, runner, DEFAULT_CHECK_SETTINGS, 'linux', unikernelBoot.timeoutMs ?? 0);
    const create = seen.find((r) => r.argv[0] === 'sh');
    // 30 s + 20 × ~1.5 s; the service caps it by the attempt's deadline, which ctx.needs moved out
    expect(create?.timeoutMs).toBeGreaterThanOrEqual(59_000);
    expect(create?.timeoutMs).toBeLessThan(BOOT_DEADLINE_CEILING_MS);
  });
});
