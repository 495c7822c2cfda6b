// The latest verdict the server keeps for each check (GET /api/checks, from <configDir>/progress.json),
// so a chapter page shows what a check said before the page was loaded. One request per page,
// shared by every check on it; no zod here (the chapter page's first load stays small).
import type { Verdict } from '../../protocol/verdict';
import { apiFetch } from './session-token';

export interface StoredVerdict {
  readonly verdict: Verdict;
  /** When the check reached it, in ms since the epoch. */
  readonly at: number;
}

const STATUSES: ReadonlySet<string> = new Set(['passed', 'warning', 'failed', 'skipped', 'error']);

/** The stored verdicts in a `/api/checks` body, by check id; entries of any other shape are left out. */
export function storedVerdicts(body: unknown): Map<string, StoredVerdict> {
  const out = new Map<string, StoredVerdict>();
  const checks = (body as { checks?: unknown } | null)?.checks;
  if (!Array.isArray(checks)) return out;
  for (const entry of checks as Array<{ id?: unknown; verdict?: { status?: unknown }; at?: unknown }>) {
    const status = entry.verdict?.status;
    if (typeof entry.id !== 'string' || typeof entry.at !== 'number' || typeof status !== 'string') continue;
    if (STATUSES.has(status)) out.set(entry.id, { verdict: entry.verdict as Verdict, at: entry.at });
  }
  return out;
}

/** How long one answer serves: the checks of a page mount together; a later page asks again. */
const SHARED_MS = 2_000;
let request: { readonly sent: number; readonly verdicts: Promise<Map<string, StoredVerdict>> } | undefined;

/**
 * The latest stored verdict of check `id`, or undefined when it has none, the page is not signed
 * in or the server cannot be reached (nothing to show is never an error here). The checks that
 * ask within SHARED_MS of each other share one request.
 */
export function storedVerdict(id: string): Promise<StoredVerdict | undefined> {
  const now = Date.now();
  if (!request || now - request.sent > SHARED_MS) {
    const verdicts = apiFetch('/api/checks')
      .then(async (res) => {
        if (res.status === 200) return storedVerdicts(await res.json());
        // An unread body keeps the request open: release it.
        void res.body?.cancel();
        return new Map<string, StoredVerdict>();
      })
      .catch(() => new Map<string, StoredVerdict>());
    request = { sent: now, verdicts };
  }
  return request.verdicts.then((verdicts) => verdicts.get(id));
}

/** How long ago `at` was, from `now` (both ms since the epoch): "just now", "12 min ago", "3 h ago", "2 days ago". */
export function agoText(at: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
