// What the dashboard shows for each check, as pure functions of stored verdicts and live socket events.
import { STAGES, type SetupPath, type Stage } from '../../protocol/check-catalog';
import type { CheckEntry } from '../../protocol/checks-api';
import type { Verdict, VerdictStatus } from '../../protocol/verdict';

export type CheckView =
  | { readonly phase: 'not-run' }
  | { readonly phase: 'running' }
  | { readonly phase: 'done'; readonly verdict: Verdict; readonly at: number };

export type Views = Readonly<Record<string, CheckView>>;

/** The `data-status` of a check row: its verdict's status, or `not-run` / `running`. */
export type RowStatus = VerdictStatus | 'not-run' | 'running';

export function rowStatus(view: CheckView | undefined): RowStatus {
  if (!view || view.phase === 'not-run') return 'not-run';
  return view.phase === 'running' ? 'running' : view.verdict.status;
}

/** The stored verdicts of `GET /api/checks`; a check already running or with a newer result keeps it. */
export function withStored(views: Views, entries: readonly CheckEntry[]): Views {
  const next: Record<string, CheckView> = { ...views };
  for (const e of entries) {
    if (e.verdict === undefined || e.at === undefined) continue;
    const current = next[e.id];
    if (current?.phase === 'running' || (current?.phase === 'done' && current.at >= e.at)) continue;
    next[e.id] = { phase: 'done', verdict: e.verdict, at: e.at };
  }
  return next;
}

export function withRunning(views: Views, ids: readonly string[]): Views {
  return { ...views, ...Object.fromEntries(ids.map((id) => [id, { phase: 'running' } as const])) };
}

export function withResult(views: Views, id: string, verdict: Verdict, at: number): Views {
  return { ...views, [id]: { phase: 'done', verdict, at } };
}

/** A check "run all" leaves running when its ack came without a result for it goes back to what it was not: not run. */
export function settleRunning(views: Views, ids: readonly string[]): Views {
  const stuck = ids.filter((id) => views[id]?.phase === 'running');
  return stuck.length === 0
    ? views
    : { ...views, ...Object.fromEntries(stuck.map((id) => [id, { phase: 'not-run' } as const])) };
}

/** The checks shown on this setup path (the other path's checks are hidden); every check when the path is unknown. */
export function visibleChecks(entries: readonly CheckEntry[], path: SetupPath | undefined): CheckEntry[] {
  return entries.filter((e) => path === undefined || e.path === undefined || e.path === path);
}

/** The checks "Run all" runs: every visible one except actions (they have their own button). */
export function runAllIds(entries: readonly CheckEntry[]): string[] {
  return entries.filter((e) => !e.action).map((e) => e.id);
}

export function byStage(entries: readonly CheckEntry[]): Array<{ stage: Stage; checks: CheckEntry[] }> {
  return STAGES.map((stage) => ({ stage, checks: entries.filter((e) => e.stage === stage) })).filter(
    (g) => g.checks.length > 0,
  );
}

const SUMMARY_PARTS: ReadonlyArray<readonly [RowStatus, (n: number) => string, boolean]> = [
  ['passed', () => 'passed', true],
  ['warning', (n) => (n === 1 ? 'warning' : 'warnings'), false],
  ['failed', () => 'failed', true],
  ['skipped', () => 'skipped', true],
  ['error', () => 'could not run', false],
  ['running', () => 'checking', false],
  ['not-run', () => 'not run yet', false],
];

/** "12 passed, 3 failed, 5 skipped" (warnings, could-not-run, checking and not-run added when there are any). */
export function summaryLine(entries: readonly CheckEntry[], views: Views): string {
  const counts = new Map<RowStatus, number>();
  for (const e of entries) {
    const s = rowStatus(views[e.id]);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return SUMMARY_PARTS.filter(([s, , always]) => always || (counts.get(s) ?? 0) > 0)
    .map(([s, label]) => {
      const n = counts.get(s) ?? 0;
      return `${n} ${label(n)}`;
    })
    .join(', ');
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ageText(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const days = Math.floor(s / 86_400);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}
