// What `onramp doctor` prints: one line per check as it finishes, in the guide's order (held back
// behind a check still running), then details of what is wrong, or the documented JSON
// (server/checks/README.md). Pure functions of verdicts.
import type { CheckMeta } from '../../protocol/check-catalog';
import type { Fix, Verdict } from '../../protocol/verdict';
import { isMet, OUTCOME_WORDS } from './engine';

export const STATUS_MARKS: Record<Verdict['status'], string> = {
  passed: '✓',
  warning: '!',
  failed: '✗',
  skipped: '-',
  error: '?',
};

export interface DoctorCheckJson {
  readonly id: string;
  readonly title: string;
  readonly stage: string;
  readonly required: boolean;
  readonly status: Verdict['status'];
  readonly reason: string | null;
  readonly found: string | null;
  readonly expected: string | null;
  readonly fix: Fix | null;
}

export interface DoctorJson {
  readonly version: 1;
  readonly checks: readonly DoctorCheckJson[];
}

/**
 * The line `onramp doctor` prints when check `id` (titled by `meta`) finishes with `v`: its mark,
 * id and title, then what it found (a pass) or why not. A check skipped because its prerequisite
 * did not pass names that check and how it ended (`blocked by virtualbox-version, which failed`)
 * when `blocker`, the prerequisite's verdict, is given: the prerequisite's own line, printed
 * before, says why, and a chain of blocked checks does not repeat it on every line.
 */
export function checkLine(id: string, meta: CheckMeta, v: Verdict, blocker?: Verdict): string {
  const tail =
    v.status === 'passed'
      ? v.found
      : v.status === 'skipped' && blocker
        ? `blocked by ${v.prerequisite}, which ${OUTCOME_WORDS[blocker.status]}`
        : v.reason;
  return `${STATUS_MARKS[v.status]} ${id}: ${meta.title} — ${tail}`;
}

/**
 * Puts lines that arrive in any order (checks finish when they finish) into the order of `ids`
 * (the guide's order): `add(id, line)` returns the lines that can be printed now, `id`'s and any
 * held back behind it; `rest()` returns what is still held, in order (ids that never reported
 * are passed over). Lines for ids not in `ids` are returned at once.
 */
export function inGuideOrder(ids: readonly string[]): {
  add(id: string, line: string): string[];
  rest(): string[];
} {
  const held = new Map<string, string>();
  let next = 0;
  const release = (): string[] => {
    const out: string[] = [];
    for (;;) {
      const id = ids[next];
      const line = id === undefined ? undefined : held.get(id);
      if (id === undefined || line === undefined) return out;
      out.push(line);
      held.delete(id);
      next += 1;
    }
  };
  return {
    add(id, line) {
      if (!ids.slice(next).includes(id)) return [line];
      held.set(id, line);
      return release();
    },
    rest() {
      const out = ids.slice(next).flatMap((id) => {
        const line = held.get(id);
        return line === undefined ? [] : [line];
      });
      held.clear();
      next = ids.length;
      return out;
    },
  };
}

/** How a fix's guide link is printed (guide-link-text.ts); by default the site path as it is. */
export type GuideLinkFormat = (link: string) => string;

function fixLines(fix: Fix, guide: GuideLinkFormat): string[] {
  return [
    `    fix:      ${fix.summary}`,
    ...fix.commands.map((c) => `              $ ${c}`),
    `    guide:    ${guide(fix.link)}`,
  ];
}

/** The details block for a check that did not pass cleanly; empty for passed and skipped. */
export function detailLines(id: string, v: Verdict, guide: GuideLinkFormat = (link) => link): string[] {
  if (v.status === 'failed' || v.status === 'warning') {
    return [
      `${STATUS_MARKS[v.status]} ${id}: ${v.reason}`,
      `    found:    ${v.found}`,
      `    expected: ${v.expected}`,
      ...fixLines(v.fix, guide),
    ];
  }
  if (v.status === 'error')
    return [`${STATUS_MARKS.error} ${id}: ${v.reason}`, ...(v.fix ? fixLines(v.fix, guide) : [])];
  return [];
}

/** In catalogue order, whatever order the checks finished in. */
export function orderedResults(
  catalog: Readonly<Record<string, CheckMeta>>,
  results: ReadonlyMap<string, Verdict>,
): Array<[string, CheckMeta, Verdict]> {
  return Object.entries(catalog).flatMap(([id, meta]) => {
    const v = results.get(id);
    return v ? [[id, meta, v] as [string, CheckMeta, Verdict]] : [];
  });
}

export function doctorJson(
  catalog: Readonly<Record<string, CheckMeta>>,
  results: ReadonlyMap<string, Verdict>,
): DoctorJson {
  return {
    version: 1,
    checks: orderedResults(catalog, results).map(([id, meta, v]) => ({
      id,
      title: meta.title,
      stage: meta.stage,
      required: meta.required,
      status: v.status,
      reason: v.status === 'passed' ? null : v.reason,
      found: v.status === 'passed' || v.status === 'failed' || v.status === 'warning' ? v.found : null,
      expected: v.status === 'failed' || v.status === 'warning' ? v.expected : null,
      fix: v.status === 'failed' || v.status === 'warning' ? v.fix : v.status === 'error' ? (v.fix ?? null) : null,
    })),
  };
}

export function summaryLine(results: ReadonlyMap<string, Verdict>): string {
  const counts = new Map<string, number>();
  for (const v of results.values()) counts.set(v.status, (counts.get(v.status) ?? 0) + 1);
  const parts = (['passed', 'warning', 'failed', 'error', 'skipped'] as const)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s === 'warning' ? 'with warnings' : s === 'error' ? 'could not run' : s}`);
  return `${parts.join(', ')} (${results.size} checks)`;
}

/** 0 when every required check that ran passed (a warning counts as passed), 1 otherwise. */
export function doctorExitCode(
  catalog: Readonly<Record<string, CheckMeta>>,
  results: ReadonlyMap<string, Verdict>,
): 0 | 1 {
  for (const [id, v] of results) if (catalog[id]?.required && !isMet(v)) return 1;
  return 0;
}
