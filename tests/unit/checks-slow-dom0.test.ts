// A slow dom0 (a loaded TCG lab, a busy laptop) answers `sudo xl info` in more than 10 s. The
// lab's autopilot run of "Boot the unikernel" stopped on exactly that: xen-running overran the
// engine's 10 s default, so xen-version was skipped and the boot check with it, while the same
// checks passed a minute later. The xl checks get a deadline that fits a slow dom0, and a skip
// names what really went wrong at the end of its chain.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckId } from '../../protocol/ids';
import type { Verdict } from '../../protocol/verdict';
import { createCheckService } from '../../server/checks/service';
import { XL_INFO_CHECK_TIMEOUT_MS } from '../../server/checks/defs/xen';
import type { ExecOutput, ExecRequest, TargetRunner } from '../../server/runners/types';
import { execOutput } from '../fixtures/tools/load';

const XL_INFO = readFileSync(new URL('../fixtures/tools/xen/xl-info-4.17.txt', import.meta.url), 'utf8');

/** dom0 whose `xl info` takes `xlMs` (the check's own deadline aborts it through req.signal). */
function slowDom0(xlMs: number, ran: string[]): TargetRunner {
  return {
    kind: 'dom0',
    exec(req: ExecRequest): Promise<ExecOutput> {
      ran.push(req.argv.join(' '));
      if (req.argv[0] !== 'xl') return Promise.resolve(execOutput({ stdout: 'Linux 6.1.0-50-amd64\n' }));
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(execOutput({ stdout: XL_INFO })), xlMs);
        req.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve({ ...execOutput({ exitCode: null }), canceled: true, message: 'canceled' });
        });
      });
    },
    spawnPty: () => Promise.reject(new Error('not used')),
  };
}

async function runWithClock(id: CheckId, runner: TargetRunner): Promise<Map<string, Verdict>> {
  const seen = new Map<string, Verdict>();
  const checks = createCheckService(() => ({ ok: true, value: runner }), { progressFile: null });
  const done = checks.run(id, (checkId, v) => seen.set(checkId, v));
  // 2 minutes of the fake clock, in steps, so every timer in the chain gets its turn.
  for (let i = 0; i < 240; i++) await vi.advanceTimersByTimeAsync(500);
  seen.set(`${id} (returned)`, await done);
  return seen;
}

describe('the xl checks on a slow dom0', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('xen-version passes when `sudo xl info` takes 12.5 s (the slowest xl figure measured in the lab)', async () => {
    const ran: string[] = [];
    const seen = await runWithClock('xen-version' as CheckId, slowDom0(12_500, ran));
    expect(seen.get('xen-running')?.status, JSON.stringify(seen.get('xen-running'))).toBe('passed');
    expect(seen.get('xen-version (returned)')).toEqual({ status: 'passed', found: 'Xen 4.17.4' });
    expect(ran.filter((c) => c === 'xl info')).toHaveLength(2);
  });

  it('a dom0 that never answers is still reported, and the skip names the cause at the end of the chain', async () => {
    const ran: string[] = [];
    const seen = await runWithClock('xen-version' as CheckId, slowDom0(10 * XL_INFO_CHECK_TIMEOUT_MS, ran));
    const running = seen.get('xen-running');
    expect(running?.status).toBe('error');
    const skipped = seen.get('xen-version (returned)');
    expect(skipped?.status).toBe('skipped');
    expect(skipped && 'reason' in skipped ? skipped.reason : '').toBe(
      `blocked by "Xen is running (xl info as root)" (xen-running), which could not run: ${
        running && 'reason' in running ? running.reason : '?'
      }`,
    );
    expect(skipped && 'reason' in skipped ? skipped.reason : '').toContain(
      `did not finish within ${XL_INFO_CHECK_TIMEOUT_MS / 1000} s: still waiting for \`xl info\``,
    );
  });
});
