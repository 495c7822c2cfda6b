// The dashboard's pure view logic: stored vs live verdicts, path filtering, grouping, summary, ages.
import { describe, expect, it } from 'vitest';
import { CHECKS, STAGES } from '../../protocol/check-catalog';
import { catalogueEntries, type CheckEntry } from '../../protocol/checks-api';
import type { Verdict } from '../../protocol/verdict';
import {
  ageText,
  byStage,
  rowStatus,
  runAllIds,
  settleRunning,
  summaryLine,
  visibleChecks,
  withResult,
  withRunning,
  withStored,
} from '../../components/dashboard/dashboard-state';
import { checksBody } from '../../server/http/api-routes';

const entries = catalogueEntries(CHECKS);
const passed: Verdict = { status: 'passed', found: 'opam 2.1.2' };
const failed: Verdict = {
  status: 'failed',
  reason: 'too old',
  found: 'opam 2.0.5',
  expected: 'opam 2.1.0 or newer',
  fix: { summary: 'Upgrade', commands: ['x'], link: '/guide/opam' },
};
const skipped: Verdict = { status: 'skipped', reason: 'needs opam', prerequisite: 'opam-version' };

describe('stored and live verdicts', () => {
  const stored: CheckEntry[] = entries.map((e) => (e.id === 'opam-version' ? { ...e, verdict: failed, at: 1000 } : e));

  it('a stored verdict shows when nothing newer is known', () => {
    const views = withStored({}, stored);
    expect(rowStatus(views['opam-version'])).toBe('failed');
    expect(rowStatus(views['host-platform'])).toBe('not-run');
  });

  it('a live result newer than the stored one wins, whichever arrives first', () => {
    const live = withResult({}, 'opam-version', passed, 2000);
    expect(rowStatus(withStored(live, stored)['opam-version'])).toBe('passed');
    expect(rowStatus(withResult(withStored({}, stored), 'opam-version', passed, 2000)['opam-version'])).toBe('passed');
  });

  it('a check running stays running when the stored list arrives; a result ends it', () => {
    const running = withRunning({}, ['opam-version']);
    expect(rowStatus(withStored(running, stored)['opam-version'])).toBe('running');
    expect(rowStatus(withResult(running, 'opam-version', passed, 5)['opam-version'])).toBe('passed');
  });

  it('after "run all" answers, a check still running without a result goes back to not run; others keep theirs', () => {
    const views = withResult(withRunning({}, ['a', 'b']), 'a', passed, 5);
    const settled = settleRunning(views, ['a', 'b']);
    expect(rowStatus(settled.a)).toBe('passed');
    expect(rowStatus(settled.b)).toBe('not-run');
  });
});

describe('which checks are listed and run', () => {
  it('the QEMU path hides VirtualBox-only checks; the VirtualBox path and an unknown path show all', () => {
    const qemu = visibleChecks(entries, 'qemu').map((e) => e.id);
    expect(qemu).not.toContain('virtualbox-version');
    expect(qemu).not.toContain('dom0-vm-nic');
    expect(qemu).toContain('dom0-reachable');
    expect(visibleChecks(entries, 'virtualbox')).toHaveLength(entries.length);
    expect(visibleChecks(entries, undefined)).toHaveLength(entries.length);
  });

  it('"run all" leaves out the action checks (unikernel-boot)', () => {
    const ids = runAllIds(entries);
    expect(ids).not.toContain('unikernel-boot');
    expect(ids).toContain('opam-version');
    expect(ids).toHaveLength(entries.length - 1);
  });

  it('groups follow STAGES order and hold every check once', () => {
    const groups = byStage(entries);
    expect(groups.map((g) => g.stage)).toEqual([...STAGES]);
    expect(groups.flatMap((g) => g.checks.map((c) => c.id)).sort()).toEqual(Object.keys(CHECKS).sort());
    expect(groups.find((g) => g.stage === 'opam')?.checks.map((c) => c.id)).toEqual([
      'opam-version',
      'opam-initialised',
      'opam-env',
    ]);
  });
});

describe('summary line and ages', () => {
  it('counts passed, failed and skipped always, the rest when present', () => {
    const few = entries.slice(0, 4);
    let views = withResult({}, few[0]!.id, passed, 1);
    views = withResult(views, few[1]!.id, failed, 1);
    views = withResult(views, few[2]!.id, skipped, 1);
    expect(summaryLine(few, views)).toBe('1 passed, 1 failed, 1 skipped, 1 not run yet');
    expect(summaryLine(few, withRunning(views, [few[3]!.id]))).toBe('1 passed, 1 failed, 1 skipped, 1 checking');
    expect(summaryLine([], {})).toBe('0 passed, 0 failed, 0 skipped');
    const warned = withResult(
      views,
      few[3]!.id,
      { status: 'warning', reason: 'r', found: 'f', expected: 'e', fix: { summary: 's', commands: [], link: '' } },
      1,
    );
    expect(summaryLine(few, warned)).toBe('1 passed, 1 warning, 1 failed, 1 skipped');
    expect(summaryLine(few, withResult(warned, few[0]!.id, { status: 'error', reason: 'no dom0' }, 1))).toBe(
      '0 passed, 1 warning, 1 failed, 1 skipped, 1 could not run',
    );
  });

  it.each([
    [0, 'just now'],
    [59_000, 'just now'],
    [5 * 60_000, '5 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [86_400_000, '1 day ago'],
    [2 * 86_400_000, '2 days ago'],
    [-5000, 'just now'],
  ])('%i ms ago reads "%s"', (ago, text) => {
    expect(ageText(1_000_000_000 - ago, 1_000_000_000)).toBe(text);
  });
});

describe('GET /api/checks body', () => {
  it('every catalogue check in order, the stored verdict and time on the one that has one', () => {
    const body = checksBody({ version: 1, checks: { 'opam-version': { verdict: failed, at: 42 } } }, 'qemu');
    expect(body.path).toBe('qemu');
    expect(body.checks.map((c) => c.id)).toEqual(Object.keys(CHECKS));
    expect(body.checks.find((c) => c.id === 'opam-version')).toMatchObject({
      verdict: failed,
      at: 42,
      stage: 'opam',
      chapter: 'opam',
      action: false,
    });
    expect(body.checks.find((c) => c.id === 'host-platform')).not.toHaveProperty('verdict');
    expect(body.checks.find((c) => c.id === 'unikernel-boot')).toMatchObject({ action: true });
  });
});
