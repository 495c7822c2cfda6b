// The check graph: validation at start-up, selection with prerequisites, and a parallel run in
// which a check whose prerequisite did not pass is skipped. Pure logic over async functions.
import type { Verdict } from '../../protocol/verdict';
import { errorMessage } from '../../protocol/result';

export interface GraphNode {
  readonly requires: readonly string[];
}

export type Graph = Readonly<Record<string, GraphNode>>;

/** Throws when a check requires an unknown id or the requirements form a cycle (naming it). */
export function validateGraph(graph: Graph): void {
  for (const [id, node] of Object.entries(graph)) {
    for (const req of node.requires) {
      if (!Object.hasOwn(graph, req))
        throw new Error(`check catalogue: "${id}" requires "${req}", which is not a check`);
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id].join(' → ');
      throw new Error(`check catalogue: the requirements form a cycle: ${cycle}; remove one of these requires`);
    }
    state.set(id, 'visiting');
    for (const req of graph[id]?.requires ?? []) visit(req, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of Object.keys(graph)) visit(id, []);
}

/** The given ids and everything they require, prerequisites first. */
export function withPrerequisites(graph: Graph, ids: readonly string[]): string[] {
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const req of graph[id]?.requires ?? []) visit(req);
    ordered.push(id);
  };
  ids.forEach(visit);
  return ordered;
}

/** A prerequisite counts as met when it passed, or passed with a warning. */
export function isMet(v: Verdict): boolean {
  return v.status === 'passed' || v.status === 'warning';
}

/** How a verdict's status reads after "which": `blocked by X, which failed`. */
export const OUTCOME_WORDS: Record<Verdict['status'], string> = {
  passed: 'passed',
  warning: 'passed with a warning',
  failed: 'failed',
  skipped: 'was skipped',
  error: 'could not run',
};

/**
 * The verdict of a check not run because `blocker` (titled `title`) gave `its`, not a pass.
 * `blocker` is the one check that really stands in the way (see `rootBlocker`), never a skipped
 * link of a chain, so the reason reads `blocked by "opam is initialised" (opam-initialised), which
 * failed: <its reason>` instead of nesting every skip down the chain (the autopilot stops with it).
 */
export function skippedFor(blocker: string, its: Verdict, title: string): Verdict {
  const why = 'reason' in its && its.reason ? `: ${its.reason}` : '';
  return {
    status: 'skipped',
    reason: `blocked by "${title}" (${blocker}), which ${OUTCOME_WORDS[its.status]}${why}`,
    prerequisite: blocker,
  };
}

/**
 * The check behind an unmet prerequisite `id`: `id` itself, or, when it was skipped, the check that
 * blocked it (a skipped verdict already names its root blocker). Falls back to `id` when that
 * check has no verdict in `results`.
 */
export function rootBlocker(id: string, results: ReadonlyMap<string, Verdict>): { id: string; verdict: Verdict } {
  const its = results.get(id) as Verdict;
  if (its.status !== 'skipped') return { id, verdict: its };
  const root = results.get(its.prerequisite);
  return root && root.status !== 'skipped' ? { id: its.prerequisite, verdict: root } : { id, verdict: its };
}

export interface RunGraphOptions {
  readonly concurrency: number;
  run(id: string): Promise<Verdict>;
  onStart?(id: string): void;
  onResult?(id: string, verdict: Verdict): void;
  /** The title used in skip reasons. */
  describe?(id: string): string;
}

/** Runs `ids` (already closed over prerequisites) with at most `concurrency` at once; results stream as they finish. */
export function runGraph(graph: Graph, ids: readonly string[], opts: RunGraphOptions): Promise<Map<string, Verdict>> {
  const selected = new Set(ids);
  const results = new Map<string, Verdict>();
  const pending = [...ids];
  let running = 0;
  return new Promise((resolve, reject) => {
    const finish = (id: string, verdict: Verdict) => {
      results.set(id, verdict);
      opts.onResult?.(id, verdict);
    };
    const pump = (): void => {
      for (let i = 0; i < pending.length;) {
        const id = pending[i] as string;
        const reqs = (graph[id]?.requires ?? []).filter((r) => selected.has(r));
        if (!reqs.every((r) => results.has(r))) {
          i++;
          continue;
        }
        const unmet = reqs.find((r) => !isMet(results.get(r) as Verdict));
        if (unmet !== undefined) {
          pending.splice(i, 1);
          const root = rootBlocker(unmet, results);
          finish(id, skippedFor(root.id, root.verdict, opts.describe?.(root.id) ?? root.id));
          i = 0;
          continue;
        }
        if (running >= opts.concurrency) return;
        pending.splice(i, 1);
        running++;
        opts.onStart?.(id);
        opts
          .run(id)
          .catch((err: unknown): Verdict => ({
            status: 'error',
            reason: `the check crashed: ${errorMessage(err)}`,
          }))
          .then((verdict) => {
            running--;
            finish(id, verdict);
            pump();
          })
          // A crashed check is a verdict (above); only a throwing onResult/onStart lands here: it fails
          // the run, as it does when it throws on the first, synchronous pump.
          .catch(reject);
      }
      if (pending.length === 0 && running === 0) resolve(results);
    };
    pump();
  });
}
