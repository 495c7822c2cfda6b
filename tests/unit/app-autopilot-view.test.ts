// The chapter autopilot panel's words and choices, as pure functions of the state the server pushes.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AutopilotProgress } from '../../components/autopilot/autopilot-progress';
import {
  applyState,
  autopilotActive,
  autopilotSummary,
  chapterAutopilot,
  failedStepOf,
  itemBadge,
  planHint,
  previewItems,
  shownRun,
} from '../../components/autopilot/autopilot-view';
import { worthReplaying } from '../../components/autopilot/autopilot-replay';
import type { AutopilotItem, AutopilotState } from '../../protocol/autopilot';
import type { CheckId, RunId, StepId } from '../../protocol/ids';

const run = (s: string) => `run-${s}0000000` as RunId;
const fix = { summary: 'Install Xen.', commands: ['apt-get install xen-system-amd64'], link: '/guide/xen' };

function step(index: number, id: string, state: AutopilotItem['state'], runId?: RunId): AutopilotItem {
  return {
    index,
    line: 10 + index,
    title: `Section of ${id}`,
    summary: `echo ${id}`,
    kind: 'step',
    stepId: id as StepId,
    target: 'dom0',
    root: true,
    reboot: false,
    params: [],
    state,
    ...(runId ? { runId } : {}),
  };
}
function check(index: number, id: string, state: AutopilotItem['state']): AutopilotItem {
  return { index, line: 10 + index, kind: 'check', checkId: id as CheckId, title: `Check ${id}`, state };
}

function apState(
  status: AutopilotState['status'],
  items: AutopilotItem[],
  more: Partial<AutopilotState> = {},
): AutopilotState {
  return {
    autopilotId: 'autopilot-aaaaaaaa',
    chapter: 'xen',
    title: 'Xen in dom0',
    path: 'qemu',
    tabs: [],
    status,
    items,
    current: null,
    startedAt: 1000,
    seq: 1,
    ...more,
  };
}

describe('planHint', () => {
  it('names the steps and the checks, leaving out a count of 0', () => {
    expect(planHint(2, 3)).toBe('Onramp runs its 2 steps in order and its 3 checks, and stops at the first failure.');
    expect(planHint(1, 0)).toBe('Onramp runs its step, and stops at the first failure.');
    expect(planHint(0, 1)).toBe('Onramp runs its check, and stops at the first failure.');
    expect(planHint(0, 0)).toBe('This chapter has nothing to run on this path.');
  });

  it('says steps are skipped only when some can be (a skipIf check), and how many', () => {
    expect(planHint(4, 2, 1)).toBe(
      'Onramp runs its 4 steps in order (one is skipped if its check already passes) and its 2 checks, and stops at the first failure.',
    );
    expect(planHint(4, 0, 3)).toBe(
      'Onramp runs its 4 steps in order (3 are skipped if their check already passes), and stops at the first failure.',
    );
    expect(planHint(1, 1, 1)).toBe(
      'Onramp runs its step (skipped if its check already passes) and its check, and stops at the first failure.',
    );
  });
});

describe('itemBadge', () => {
  it.each<[AutopilotItem, string, string]>([
    [step(0, 'a', 'pending'), 'Waiting', 'neutral'],
    [step(0, 'a', 'running'), 'Running…', 'busy'],
    [check(0, 'c', 'running'), 'Checking…', 'busy'],
    [step(0, 'a', 'passed'), 'Done', 'ok'],
    [check(0, 'c', 'passed'), 'Passed', 'ok'],
    [step(0, 'a', 'satisfied'), 'Skipped: already done', 'muted'],
    [step(0, 'a', 'failed'), 'Failed', 'bad'],
    [step(0, 'a', 'canceled'), 'Canceled', 'bad'],
  ])('%o → %s (%s)', (item, label, tone) => {
    expect(itemBadge(item)).toEqual({ label, tone });
  });

  it('a waiting item says what it waits for', () => {
    const item = step(0, 'a', 'waiting', run('a'));
    expect(itemBadge(item, { kind: 'secret', runId: run('a'), label: 'sudo password for alice in dom0' }).label).toBe(
      'Waiting for a password',
    );
    expect(itemBadge(item, { kind: 'reboot', since: 0, deadline: 1 })).toEqual({
      label: 'Waiting for dom0 to reboot',
      tone: 'busy',
    });
    expect(itemBadge(item, { kind: 'manual', stepId: 'a' as StepId, text: 'Install Debian.' }).label).toBe('Your turn');
  });
});

describe('autopilotSummary', () => {
  it('while running names the item and where it is in the list', () => {
    const s = apState('running', [step(0, 'a', 'passed'), step(1, 'b', 'running'), check(2, 'c', 'pending')], {
      current: 1,
    });
    expect(autopilotSummary(s)).toEqual({ text: 'Running 2 of 3: Section of b (b)', tone: 'busy' });
  });

  it('at the end counts the items and what was already done', () => {
    const s = apState('passed', [step(0, 'a', 'passed'), step(1, 'b', 'satisfied'), check(2, 'c', 'passed')]);
    expect(autopilotSummary(s)).toEqual({ text: 'Done: all 3 items (1 already done before)', tone: 'ok' });
  });

  it('a failure names the failed item', () => {
    const s = apState('failed', [step(0, 'a', 'passed'), check(1, 'c', 'failed')], {
      current: 1,
      failure: { index: 1, reason: 'xl not found', fix },
    });
    expect(autopilotSummary(s)).toEqual({ text: 'Stopped at 2 of 2: Check c failed', tone: 'bad' });
  });

  it('waiting for a secret names it', () => {
    const s = apState('waiting', [step(0, 'a', 'waiting', run('a'))], {
      current: 0,
      waiting: { kind: 'secret', runId: run('a'), label: 'sudo password for alice in dom0 (10.0.0.2)' },
    });
    expect(autopilotSummary(s)).toEqual({
      text: 'Waiting for you: the sudo password for alice in dom0 (10.0.0.2)',
      tone: 'warn',
    });
  });
});

describe('shownRun', () => {
  it("is the current step's run, running or waiting for its password", () => {
    const s = apState('waiting', [step(0, 'a', 'passed', run('a')), step(1, 'b', 'waiting', run('b'))], { current: 1 });
    expect(shownRun(s)).toEqual({ runId: run('b'), stepId: 'b' });
  });

  it("after a failure is the failed step's run", () => {
    const s = apState('failed', [step(0, 'a', 'failed', run('a')), step(1, 'b', 'pending')], {
      current: 0,
      failure: { index: 0, reason: 'exited with code 3', runId: run('a') },
    });
    expect(shownRun(s)).toEqual({ runId: run('a'), stepId: 'a' });
  });

  it('is none for a check or before anything ran', () => {
    expect(shownRun(apState('running', [check(0, 'c', 'running')], { current: 0 }))).toBeUndefined();
    expect(shownRun(apState('running', [step(0, 'a', 'pending')]))).toBeUndefined();
  });
});

describe('applyState and chapterAutopilot', () => {
  it('keeps the newest state of each autopilot (a late push with a lower seq is dropped)', () => {
    const one = apState('running', [], { seq: 5 });
    const stale = apState('running', [], { seq: 4 });
    const next = apState('passed', [], { seq: 6 });
    expect(applyState([one], stale)).toEqual([one]);
    expect(applyState([one], next)).toEqual([next]);
  });

  it("follows the chapter's most recently started autopilot", () => {
    const older = apState('failed', [], { autopilotId: 'autopilot-old00000', startedAt: 1 });
    const newer = apState('running', [], { autopilotId: 'autopilot-new00000', startedAt: 2 });
    const other = apState('running', [], { autopilotId: 'autopilot-oth00000', chapter: 'dom0', startedAt: 3 });
    expect(chapterAutopilot([newer, older, other], 'xen')).toBe(newer);
    expect(chapterAutopilot([other], 'xen')).toBeUndefined();
  });

  it('is active while running or waiting, not after', () => {
    expect(autopilotActive(null)).toBe(false);
    expect(autopilotActive(apState('running', []))).toBe(true);
    expect(autopilotActive(apState('waiting', []))).toBe(true);
    for (const status of ['passed', 'failed', 'canceled'] as const)
      expect(autopilotActive(apState(status, []))).toBe(false);
  });
});

describe('what the panel offers', () => {
  it('after a failed step offers to run again from it; not after a failed check', () => {
    const failedStep = apState('failed', [step(0, 'a', 'passed'), step(1, 'b', 'failed')], {
      failure: { index: 1, reason: 'exited with code 3' },
    });
    expect(failedStepOf(failedStep)).toBe('b');
    const failedCheck = apState('failed', [step(0, 'a', 'passed'), check(1, 'c', 'failed')], {
      failure: { index: 1, reason: 'xl not found', fix },
    });
    expect(failedStepOf(failedCheck)).toBeUndefined();
  });

  it('connects on load only when this tab started a run or a step of the chapter has a run', () => {
    expect(worthReplaying(false, [], ['a', 'b'])).toBe(false);
    expect(worthReplaying(false, [{ stepId: 'other' }], ['a', 'b'])).toBe(false);
    expect(worthReplaying(false, [{ stepId: 'b' }], ['a', 'b'])).toBe(true);
    expect(worthReplaying(true, [], ['a'])).toBe(true);
  });

  it('shows a plan not started with every item pending, and counts in words', () => {
    const plan = {
      chapter: 'xen',
      title: 'Xen in dom0',
      path: 'qemu' as const,
      tabs: [],
      ask: [],
      items: [step(0, 'a', 'passed'), check(1, 'c', 'failed')].map(({ state: _state, ...item }) => item),
    };
    expect(previewItems(plan).map((i) => i.state)).toEqual(['pending', 'pending']);
  });

  it('the preview says which steps are skipped when their check already passes; a run does not', () => {
    const items = [
      { ...step(0, 'xen-install', 'pending'), skipIf: 'xen-running' as CheckId },
      step(1, 'xen-info', 'pending'),
    ];
    const preview = renderToStaticMarkup(createElement(AutopilotProgress, { items }));
    expect(preview).toContain('data-testid="autopilot-skip-xen-install"');
    expect(preview).toContain('Skipped if the check <code>xen-running</code> already passes.');
    expect(preview).not.toContain('autopilot-skip-xen-info');
    const running = renderToStaticMarkup(createElement(AutopilotProgress, { items, state: apState('running', items) }));
    expect(running).not.toContain('autopilot-skip-');
  });
});
