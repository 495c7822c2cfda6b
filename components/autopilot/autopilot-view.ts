// What the chapter autopilot's panel says, as pure functions of the autopilot state pushed by the
// server: each item's badge, the one-line summary, which run's output to show, and which of the
// server's autopilots this chapter's page follows.
import type { AutopilotItem, AutopilotPlan, AutopilotState, AutopilotWait, PlanItem } from '../../protocol/autopilot';
import type { RunId, StepId } from '../../protocol/ids';

export type ItemTone = 'neutral' | 'busy' | 'ok' | 'muted' | 'bad' | 'warn';

export interface ItemBadge {
  readonly label: string;
  readonly tone: ItemTone;
}

const KIND_LABELS: Record<PlanItem['kind'], string> = { step: 'Step', check: 'Check', manual: 'By hand' };

/** "Step", "Check" or "By hand": what kind of item a row of the progress list is. */
export function kindLabel(item: Pick<PlanItem, 'kind'>): string {
  return KIND_LABELS[item.kind];
}

/** The name a row shows: a check's title, a step's section heading (its id is shown beside it). */
export function itemTitle(item: PlanItem): string {
  return item.title;
}

/** An item in a status line: a check's title; a step's section with its id (a section may hold several steps). */
export function itemLabel(item: PlanItem): string {
  return item.kind === 'check' ? item.title : `${item.title} (${item.stepId})`;
}

/** The step or check id of an item (unique within a plan): for test ids and keys. */
export function itemKey(item: PlanItem): string {
  return item.kind === 'check' ? item.checkId : item.stepId;
}

const WAIT_BADGES: Record<AutopilotWait['kind'], ItemBadge> = {
  params: { label: 'Waiting for values', tone: 'warn' },
  secret: { label: 'Waiting for a password', tone: 'warn' },
  manual: { label: 'Your turn', tone: 'warn' },
  reboot: { label: 'Waiting for dom0 to reboot', tone: 'busy' },
};

/** The badge of one item of the progress list: its state in words and its colour. */
export function itemBadge(item: AutopilotItem, waiting?: AutopilotWait): ItemBadge {
  switch (item.state) {
    case 'pending':
      return { label: 'Waiting', tone: 'neutral' };
    case 'running':
      return { label: item.kind === 'check' ? 'Checking…' : 'Running…', tone: 'busy' };
    case 'waiting':
      return waiting ? WAIT_BADGES[waiting.kind] : { label: 'Waiting for you', tone: 'warn' };
    case 'passed':
      return { label: item.kind === 'check' ? 'Passed' : 'Done', tone: 'ok' };
    case 'satisfied':
      return { label: 'Skipped: already done', tone: 'muted' };
    case 'done-by-hand':
      return { label: 'Done by hand', tone: 'ok' };
    case 'failed':
      return { label: 'Failed', tone: 'bad' };
    case 'canceled':
      return { label: 'Canceled', tone: 'bad' };
  }
}

export interface Summary {
  readonly text: string;
  readonly tone: ItemTone;
}

function at(state: AutopilotState): { item: AutopilotItem; where: string } | undefined {
  const index = state.failure?.index ?? state.current;
  const item = index === null || index === undefined ? undefined : state.items[index];
  return item ? { item, where: `${index! + 1} of ${state.items.length}` } : undefined;
}

function waitText(wait: AutopilotWait): string {
  switch (wait.kind) {
    case 'params':
      return `Waiting for you: ${wait.params.length === 1 ? 'a value' : 'values'} to fill in below`;
    case 'secret':
      return `Waiting for you: the ${wait.label}`;
    case 'manual':
      return `Your turn: step ${wait.stepId} is done by hand`;
    case 'reboot':
      return 'dom0 is rebooting: waiting for it to answer over SSH again';
  }
}

/** The panel's status line: where the chapter run is, and what (if anything) it waits for. */
export function autopilotSummary(state: AutopilotState): Summary {
  const here = at(state);
  switch (state.status) {
    case 'running':
      return here
        ? { text: `Running ${here.where}: ${itemLabel(here.item)}`, tone: 'busy' }
        : { text: 'Starting…', tone: 'busy' };
    case 'waiting':
      return state.waiting
        ? { text: waitText(state.waiting), tone: state.waiting.kind === 'reboot' ? 'busy' : 'warn' }
        : { text: 'Waiting for you', tone: 'warn' };
    case 'failed':
      return {
        text: here ? `Stopped at ${here.where}: ${itemLabel(here.item)} failed` : 'Stopped: an item failed',
        tone: 'bad',
      };
    case 'canceled':
      return { text: 'Canceled', tone: 'bad' };
    case 'passed': {
      const skipped = state.items.filter((i) => i.state === 'satisfied').length;
      const note = skipped > 0 ? ` (${skipped} already done before)` : '';
      return { text: `Done: all ${state.items.length} items${note}`, tone: 'ok' };
    }
  }
}

/** True while the chapter run goes on (Run this chapter is disabled, Cancel is offered). */
export function autopilotActive(state: AutopilotState | null | undefined): boolean {
  return state?.status === 'running' || state?.status === 'waiting';
}

/**
 * The step run whose output the panel shows: the current step's run (running, or waiting for its
 * sudo password), else the failed step's (so the reader sees why it stopped); undefined when no
 * step run is relevant (a check, a manual step, nothing started).
 */
export function shownRun(state: AutopilotState): { runId: RunId; stepId: StepId } | undefined {
  const index = state.failure?.index ?? state.current;
  const item = index === null || index === undefined ? undefined : state.items[index];
  const runId = state.failure?.runId ?? item?.runId;
  if (!item || item.kind !== 'step' || !runId) return undefined;
  return { runId, stepId: item.stepId };
}

/** Keep the newest state per autopilot (`seq` only grows); returns the list with `incoming` applied. */
export function applyState(known: readonly AutopilotState[], incoming: AutopilotState): AutopilotState[] {
  const old = known.find((s) => s.autopilotId === incoming.autopilotId);
  if (old && old.seq >= incoming.seq) return [...known];
  return [...known.filter((s) => s.autopilotId !== incoming.autopilotId), incoming];
}

/** The autopilot a chapter's page shows: the chapter's most recently started one. */
export function chapterAutopilot(known: readonly AutopilotState[], chapter: string): AutopilotState | undefined {
  let best: AutopilotState | undefined;
  for (const s of known) if (s.chapter === chapter && (!best || s.startedAt > best.startedAt)) best = s;
  return best;
}

/** A plan shown before it runs, as the items list shows it: every item pending. */
export function previewItems(plan: AutopilotPlan): AutopilotItem[] {
  return plan.items.map((item) => ({ ...item, state: 'pending' as const }));
}

/** The step a failed chapter run stopped at (to run again from it); undefined when a check failed. */
export function failedStepOf(state: AutopilotState): StepId | undefined {
  const item = state.failure ? state.items[state.failure.index] : undefined;
  return item?.kind === 'step' ? item.stepId : undefined;
}

/**
 * The panel's line on what "Run this chapter" will do with `steps` steps (`skippable` of them
 * skipped when their check already passes) and `checks` checks; a count of 0 is left out, and
 * skipping is named only when a step can be skipped.
 */
export function planHint(steps: number, checks: number, skippable = 0): string {
  const skip =
    skippable === 0
      ? ''
      : steps === 1
        ? ' (skipped if its check already passes)'
        : skippable === 1
          ? ' (one is skipped if its check already passes)'
          : ` (${skippable} are skipped if their check already passes)`;
  const parts = [
    ...(steps > 0 ? [steps === 1 ? `its step${skip}` : `its ${steps} steps in order${skip}`] : []),
    ...(checks > 0 ? [checks === 1 ? 'its check' : `its ${checks} checks`] : []),
  ];
  if (parts.length === 0) return 'This chapter has nothing to run on this path.';
  return `Onramp runs ${parts.join(' and ')}, and stops at the first failure.`;
}
