import { describe, expect, it } from 'vitest';
import type { AutopilotItem, AutopilotState } from '../../protocol/autopilot';
import { checkVerdictsOf } from '../../components/runtime/verdict-events';

describe("checkVerdictsOf: what a chapter run tells the page's check boxes", () => {
  it('the finished check items, each with its verdict and when it ended; steps and unfinished checks left out', () => {
    const items = [
      {
        kind: 'check',
        checkId: 'dom0-reachable',
        state: 'passed',
        verdict: { status: 'passed', found: 'dom0: Linux' },
        endedAt: 20,
      },
      { kind: 'step', stepId: 'ap-hello', state: 'passed', endedAt: 30 },
      { kind: 'check', checkId: 'xen-running', state: 'running' },
      { kind: 'check', checkId: 'xen-version', state: 'failed', verdict: { status: 'error', reason: 'x' } },
    ] as unknown as AutopilotItem[];
    const state = { items } as unknown as AutopilotState;
    expect(checkVerdictsOf(state)).toEqual([
      { checkId: 'dom0-reachable', verdict: { status: 'passed', found: 'dom0: Linux' }, at: 20 },
    ]);
  });
});
