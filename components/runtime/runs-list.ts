// One GET /api/runs per page, shared by every step on it: which runs exist, so a step can re-attach.
import type { RunInfo } from '../../protocol/socket';
import { errorMessage, type Result } from '../../protocol/result';
import { apiFetch, NOT_SIGNED_IN } from './session-token';

/** The server's runs, or why they could not be read (the server is not reachable or answered oddly). */
export type RunsList = Result<readonly RunInfo[]>;

let pending: Promise<RunsList> | undefined;

export function fetchRuns(): Promise<RunsList> {
  pending ??= apiFetch('/api/runs', { headers: { accept: 'application/json' } })
    .then(async (res): Promise<RunsList> => {
      if (!res.ok) {
        // An unread body keeps the request open: release it.
        void res.body?.cancel();
        if (res.status === 401 || res.status === 403) return { ok: false, error: NOT_SIGNED_IN };
        return { ok: false, error: `GET /api/runs answered ${res.status}` };
      }
      const body: unknown = await res.json();
      return Array.isArray(body)
        ? { ok: true, value: body as RunInfo[] }
        : { ok: false, error: 'GET /api/runs did not answer a list' };
    })
    .catch((thrown: unknown): RunsList => ({ ok: false, error: errorMessage(thrown) }));
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
