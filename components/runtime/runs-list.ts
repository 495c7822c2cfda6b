// One GET /api/runs per page, shared by every step on it: which runs exist, so a step can re-attach.
import type { RunInfo } from '../../protocol/socket';

export type RunsList = { readonly ok: true; readonly runs: readonly RunInfo[] } | { readonly ok: false };

let pending: Promise<RunsList> | undefined;

export function fetchRuns(): Promise<RunsList> {
  pending ??= fetch('/api/runs', { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(async (res): Promise<RunsList> => {
      if (!res.ok) {
        // An unread body keeps the request open: release it.
        void res.body?.cancel();
        return { ok: false };
      }
      const body: unknown = await res.json();
      return Array.isArray(body) ? { ok: true, runs: body as RunInfo[] } : { ok: false };
    })
    .catch((): RunsList => ({ ok: false }));
  return pending;
}

/** The run a step should show on load: its running run, else its most recently started one. */
export function latestRunOf(runs: readonly RunInfo[], stepId: string): RunInfo | undefined {
  let best: RunInfo | undefined;
  for (const run of runs) {
    if (run.stepId !== stepId) continue;
    if (!best) best = run;
    else if ((run.state === 'running') !== (best.state === 'running')) best = run.state === 'running' ? run : best;
    else if (run.startedAt > best.startedAt) best = run;
  }
  return best;
}
