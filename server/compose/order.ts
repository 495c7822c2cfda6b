// Creation order from depends_on (Kahn's algorithm, ties broken by name so the order is stable);
// a cycle is reported as the services that form it.
import type { Result } from '../../protocol/result';
/** Success holds the creation order; failure holds the services that form a cycle. */
export type DependencyOrder = Result<readonly string[], readonly string[]>;

export function dependencyOrder(deps: Readonly<Record<string, readonly string[]>>): DependencyOrder {
  const names = Object.keys(deps).sort();
  const remaining = new Map(names.map((n) => [n, new Set((deps[n] ?? []).filter((d) => d in deps))]));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, d]) => d.size === 0).map(([n]) => n);
    if (ready.length === 0) return { ok: false, error: findCycle(remaining) };
    const next = ready[0] as string;
    order.push(next);
    remaining.delete(next);
    for (const d of remaining.values()) d.delete(next);
  }
  return { ok: true, value: order };
}

function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const start = [...graph.keys()][0] as string;
  const path: string[] = [];
  let at = start;
  while (!path.includes(at)) {
    path.push(at);
    at = [...(graph.get(at) ?? [])].sort()[0] as string;
  }
  return [...path.slice(path.indexOf(at)), at];
}
