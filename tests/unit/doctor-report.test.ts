import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../protocol/check-catalog';
import type { Verdict } from '../../protocol/verdict';
import { checkLine, inGuideOrder } from '../../server/checks/doctor-report';
import { skippedFor } from '../../server/checks/engine';

const VBOX_MISSING: Verdict = {
  status: 'failed',
  reason: 'VBoxManage was not found on PATH: VirtualBox is not installed',
  found: 'no VBoxManage on PATH',
  expected: 'VirtualBox 6.1 or newer',
  fix: { summary: 'Install VirtualBox.', commands: [], link: '/guide/troubleshooting#virtualbox-missing' },
};

describe("checkLine: onramp doctor's line per check", () => {
  it('a pass shows what the check found', () => {
    const line = checkLine('opam-version', CHECKS['opam-version'], { status: 'passed', found: 'opam 2.1.2' });
    expect(line).toBe(`✓ opam-version: ${CHECKS['opam-version'].title} — opam 2.1.2`);
  });

  it('a failure shows its reason', () => {
    expect(checkLine('virtualbox-version', CHECKS['virtualbox-version'], VBOX_MISSING)).toBe(
      `✗ virtualbox-version: VirtualBox is installed — ${VBOX_MISSING.reason}`,
    );
  });

  it("a blocked check names its blocker and how it ended, without repeating the blocker's reason", () => {
    const skipped = skippedFor('virtualbox-version', VBOX_MISSING, CHECKS['virtualbox-version'].title);
    const line = checkLine('hostonly-network', CHECKS['hostonly-network'], skipped, VBOX_MISSING);
    expect(line).toBe(
      `- hostonly-network: ${CHECKS['hostonly-network'].title} — blocked by virtualbox-version, which failed`,
    );
    expect(line).not.toContain('VBoxManage');
    const unreachable: Verdict = { status: 'error', reason: 'dom0 is not configured' };
    const xen = skippedFor('dom0-reachable', unreachable, CHECKS['dom0-reachable'].title);
    expect(checkLine('xen-running', CHECKS['xen-running'], xen, unreachable)).toMatch(
      / — blocked by dom0-reachable, which could not run$/,
    );
  });

  it("without the blocker's verdict, a blocked check keeps its whole reason", () => {
    const skipped = skippedFor('virtualbox-version', VBOX_MISSING, CHECKS['virtualbox-version'].title);
    expect(checkLine('hostonly-network', CHECKS['hostonly-network'], skipped)).toContain(VBOX_MISSING.reason);
  });
});

describe("inGuideOrder: doctor's lines in the guide's order as checks finish", () => {
  it('prints a line at once when nothing before it is pending, and holds it behind one that is', () => {
    const lines = inGuideOrder(['a', 'b', 'c', 'd']);
    expect(lines.add('c', 'C')).toEqual([]);
    expect(lines.add('a', 'A')).toEqual(['A']);
    expect(lines.add('b', 'B')).toEqual(['B', 'C']);
    expect(lines.add('d', 'D')).toEqual(['D']);
    expect(lines.rest()).toEqual([]);
  });

  it('rest() gives what is held, in order, passing over ids that never reported', () => {
    const lines = inGuideOrder(['a', 'b', 'c', 'd']);
    expect(lines.add('d', 'D')).toEqual([]);
    expect(lines.add('c', 'C')).toEqual([]);
    expect(lines.rest()).toEqual(['C', 'D']);
  });

  it('a line for an id outside the order, or already passed, comes out at once', () => {
    const lines = inGuideOrder(['a', 'b']);
    expect(lines.add('z', 'Z')).toEqual(['Z']);
    expect(lines.add('a', 'A')).toEqual(['A']);
    expect(lines.add('a', 'A again')).toEqual(['A again']);
  });
});
