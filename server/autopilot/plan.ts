// The autopilot's planner: a chapter of the step registry, a setup path, tab choices and what is
// known (values given now, earlier answers, the saved dom0, the network plan) → the ordered items
// to run (steps, manual stops, checks) with every parameter's value and its source, or why not.
// Pure: the executor (executor.ts) does the I/O around it.
import type {
  AutopilotPlan,
  AutopilotRequest,
  ParamAsk,
  ParamSource,
  PlanItem,
  PlannedParam,
  TabChoice,
} from '../../protocol/autopilot';
import { checkMeta, isKnownCheck, type CheckMeta, type SetupPath } from '../../protocol/check-catalog';
import type { StepId } from '../../protocol/ids';
import { ParamKinds, type ParamDecl, type ParamKind } from '../../protocol/params';
import { err, ok, type Result } from '../../protocol/result';
import type { CheckUse, StepDecl, StepRegistry, TabPlace } from '../../protocol/steps';

/** The saved dom0 connection (dom0.json): who logs in where. */
export interface Dom0Facts {
  readonly host: string;
  readonly user: string;
}

/** The host-only network plan (server/network/plan-host-only.ts), as dotted quads and names. */
export interface NetworkFacts {
  /** The host's address on the host-only network, e.g. 192.168.56.1. */
  readonly hostIp?: string;
  /** dom0's address on its bridge, e.g. 192.168.56.5. */
  readonly dom0Ip?: string;
  /** The host's adapter (vboxnet0). */
  readonly adapter?: string;
  /** dom0's host-only NIC (enp0s8) and its bridge (br0). */
  readonly nic?: string;
  readonly bridge?: string;
  /** The unikernels' address range. */
  readonly unikernelFirst?: string;
  readonly unikernelLast?: string;
}

export interface PlanFacts {
  readonly dom0?: Dom0Facts;
  readonly network?: NetworkFacts;
}

export interface PlanInput {
  readonly registry: StepRegistry;
  readonly request: AutopilotRequest;
  /** The path when the request names none (the server detects it: setup-path.ts). */
  readonly defaultPath: SetupPath;
  /** Answers to earlier autopilots of this server, by parameter name. */
  readonly remembered?: Readonly<Record<string, string>>;
  readonly facts?: PlanFacts;
}

/**
 * Which known fact pre-fills a parameter of this name (the chapters' names: `user`, `dom0`,
 * `address`, `ip`, `adapter`, `nic`, `bridge`, `first`, `last`). A fact that does not satisfy the
 * step's kind is passed over.
 */
const FACT_PARAMS: Readonly<Record<string, { source: ParamSource; value: (f: PlanFacts) => string | undefined }>> = {
  user: { source: 'dom0', value: (f) => f.dom0?.user },
  dom0: { source: 'dom0', value: (f) => f.dom0?.host },
  address: { source: 'network', value: (f) => f.network?.dom0Ip },
  ip: { source: 'network', value: (f) => f.network?.hostIp },
  adapter: { source: 'network', value: (f) => f.network?.adapter },
  nic: { source: 'network', value: (f) => f.network?.nic },
  bridge: { source: 'network', value: (f) => f.network?.bridge },
  first: { source: 'network', value: (f) => f.network?.unikernelFirst },
  last: { source: 'network', value: (f) => f.network?.unikernelLast },
};

/** Why `value` is not a valid `kind`, or undefined when it is. */
export function paramProblem(kind: ParamKind, value: string): string | undefined {
  const parsed = ParamKinds[kind].safeParse(value);
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? `not a valid ${kind}`);
}

const metaOf = (id: string): CheckMeta | undefined => (isKnownCheck(id) ? checkMeta(id) : undefined);

type Declared = { kind: 'step'; step: StepDecl } | { kind: 'check'; check: CheckUse };

const lineOf = (d: Declared) => (d.kind === 'step' ? d.step.at.line : d.check.at.line);
const tabOf = (d: Declared): TabPlace | undefined => (d.kind === 'step' ? d.step.tab : d.check.tab);

interface Group {
  readonly group: number;
  readonly labels: string[];
  readonly paths: Map<string, SetupPath | undefined>;
  /** The section (heading) of the group's first step, to name the group in a chooser. */
  section?: string;
}

function groupsOf(declared: readonly Declared[]): Group[] {
  const groups = new Map<number, Group>();
  for (const d of declared) {
    const tab = tabOf(d);
    if (!tab) continue;
    const group: Group = groups.get(tab.group) ?? { group: tab.group, labels: [], paths: new Map() };
    groups.set(tab.group, group);
    if (d.kind === 'step' && group.section === undefined && d.step.section) group.section = d.step.section;
    if (!group.labels.includes(tab.label)) {
      group.labels.push(tab.label);
      group.paths.set(tab.label, tab.path);
    }
  }
  return [...groups.values()].sort((a, b) => a.group - b.group);
}

/** The longest step summary a plan item carries, in characters (the … included). */
export const STEP_SUMMARY_MAX = 80;

/**
 * Lines that prepare a command rather than say what it does: comments, `cd`, loading opam's
 * environment, sourcing a file, `set -`/`export`, a variable assignment, `mkdir -p`, `rm -f`, and
 * the shell's own `if …; then` / `for …; do` / `else` / `fi` / `done` lines around the work.
 */
const PREPARING =
  /^(?:#|cd\b|eval "\$\(opam env\)"|\.\s|source\s|set\s+-|export\s|[A-Za-z_][A-Za-z0-9_]*=|mkdir\s+-p\b|rm\s+-f\b|(?:if|elif|while|for)\s.*;\s*(?:then|do)$|(?:then|else|fi|do|done)$)/;

/**
 * What the run preview shows under a step's title: the command's first non-empty line that does
 * something (not one of the PREPARING lines; the first line when all are), followed by
 * ` (+N lines)` when the command has N other non-empty lines, cut with … so the whole is at most
 * STEP_SUMMARY_MAX characters. Takes the step's command text; returns '' for an empty one.
 */
export function stepSummary(command: string): string {
  const lines = command
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const line = lines.find((l) => !PREPARING.test(l)) ?? lines[0] ?? '';
  const more = lines.length > 1 ? ` (+${lines.length - 1} line${lines.length > 2 ? 's' : ''})` : '';
  const room = STEP_SUMMARY_MAX - more.length;
  return (line.length <= room ? line : `${line.slice(0, room - 1).trimEnd()}…`) + more;
}

/** Each tab choice → the one label it names (exact, else a unique prefix; case-insensitive). */
function matchChoices(
  chapter: string,
  groups: readonly Group[],
  choices: readonly string[],
): Result<Map<number, string>> {
  const chosen = new Map<number, string>();
  const all = groups.flatMap((g) => g.labels.map((label) => ({ group: g.group, label })));
  const known = all.map((t) => `"${t.label}"`).join(', ') || 'none (the chapter has no tabs)';
  for (const choice of choices) {
    const wanted = choice.trim().toLowerCase();
    const exact = all.filter((t) => t.label.toLowerCase() === wanted);
    const matches = exact.length > 0 ? exact : all.filter((t) => t.label.toLowerCase().startsWith(wanted));
    if (matches.length === 0) {
      return err(
        `tab "${choice}" is not a tab of chapter "${chapter}"; expected one of ${known} (or the start of one)`,
      );
    }
    if (matches.length > 1) {
      return err(
        `tab "${choice}" names ${matches.length} tabs of chapter "${chapter}" (${matches.map((m) => `"${m.label}"`).join(', ')}); write more of the label`,
      );
    }
    const match = matches[0]!;
    const before = chosen.get(match.group);
    if (before !== undefined && before !== match.label) {
      return err(
        `tabs "${before}" and "${match.label}" are alternatives of the same choice in chapter "${chapter}"; choose one`,
      );
    }
    chosen.set(match.group, match.label);
  }
  return ok(chosen);
}

/** The tab followed in each group: the caller's choice, else the path's tab, else the first unmarked tab. */
function chooseTabs(groups: readonly Group[], path: SetupPath, chosen: ReadonlyMap<number, string>): TabChoice[] {
  const tabs: TabChoice[] = [];
  for (const g of groups) {
    const base = { group: g.group, labels: [...g.labels], ...(g.section ? { section: g.section } : {}) };
    const choice = chosen.get(g.group);
    if (choice !== undefined) {
      tabs.push({ ...base, label: choice, by: 'choice' });
      continue;
    }
    const forPath = base.labels.find((l) => g.paths.get(l) === path);
    if (forPath !== undefined) {
      tabs.push({ ...base, label: forPath, by: 'path' });
      continue;
    }
    // Tabs marked for another path are never a default; a group with only those is not followed.
    const first = base.labels.find((l) => g.paths.get(l) === undefined);
    if (first !== undefined) tabs.push({ ...base, label: first, by: 'first' });
  }
  return tabs;
}

interface ParamPick {
  readonly value?: string;
  readonly source: ParamSource;
}

function pickParam(
  decl: ParamDecl,
  given: Readonly<Record<string, string>>,
  remembered: Readonly<Record<string, string>>,
  facts: PlanFacts,
): ParamPick {
  const valid = (v: string | undefined): v is string => v !== undefined && paramProblem(decl.kind, v) === undefined;
  const g = given[decl.name];
  if (g !== undefined) return { value: g, source: 'given' };
  const r = remembered[decl.name];
  if (valid(r)) return { value: r, source: 'remembered' };
  const fact = FACT_PARAMS[decl.name];
  const f = fact?.value(facts);
  if (fact && valid(f)) return { value: f, source: fact.source };
  if (decl.default !== undefined) return { value: decl.default, source: 'default' };
  return { source: 'ask' };
}

/**
 * Plan `request.chapter`: its steps and checks in the chapter's order, on the path and tabs
 * chosen, each parameter filled from the best source (PARAM_SOURCES order) or marked `ask`.
 * Refuses an unknown chapter, a tab choice that names no tab (or several), a `from` that is not a
 * step of the plan, and a given value that is unknown to the plan's steps or not of their kind.
 */
export function planChapter(input: PlanInput): Result<AutopilotPlan> {
  const { registry, request } = input;
  const outline = registry.chapters.find((c) => c.slug === request.chapter);
  if (!outline) {
    return err(
      `no chapter "${request.chapter}" in the guide; expected one of ${registry.chapters.map((c) => c.slug).join(', ')}`,
    );
  }
  const path = request.path ?? input.defaultPath;
  const declared: Declared[] = [
    ...registry.steps.filter((s) => s.chapter === outline.slug).map((step) => ({ kind: 'step' as const, step })),
    ...registry.checks.filter((c) => c.chapter === outline.slug).map((check) => ({ kind: 'check' as const, check })),
  ].sort((a, b) => lineOf(a) - lineOf(b));

  const groups = groupsOf(declared);
  const chosen = matchChoices(outline.slug, groups, request.tabs);
  if (!chosen.ok) return chosen;
  const tabs = chooseTabs(groups, path, chosen.value);
  const followed = (tab: TabPlace | undefined) =>
    tab === undefined || tabs.some((t) => t.group === tab.group && t.label === tab.label);

  let kept = declared.filter((d) => followed(tabOf(d)));
  // A check for the other setup path is left out, as "Run all" leaves it out.
  kept = kept.filter((d) => {
    if (d.kind !== 'check') return true;
    const meta = metaOf(d.check.id);
    return meta?.path === undefined || meta.path === path;
  });
  if (request.from !== undefined) {
    const at = kept.findIndex((d) => d.kind === 'step' && d.step.id === request.from);
    if (at === -1) {
      const steps = kept.flatMap((d) => (d.kind === 'step' ? [d.step.id] : []));
      return err(
        `--from ${request.from}: not a step of chapter "${outline.slug}" on this path and tabs; expected one of ${steps.join(', ') || 'none'}`,
      );
    }
    kept = kept.slice(at);
  }
  if (kept.length === 0) {
    return err(
      `chapter "${outline.slug}" has no steps or checks to run on path "${path}"${tabs.length ? ` with tabs ${tabs.map((t) => `"${t.label}"`).join(', ')}` : ''}`,
    );
  }

  const given = request.params;
  const givenCheck = checkGiven(outline.slug, kept, given);
  if (!givenCheck.ok) return givenCheck;

  const remembered = input.remembered ?? {};
  const facts = input.facts ?? {};
  const asks = new Map<string, { kinds: Set<ParamKind>; steps: StepId[] }>();
  const items: PlanItem[] = kept.map((d, index): PlanItem => {
    if (d.kind === 'check') {
      const meta = metaOf(d.check.id);
      return { kind: 'check', index, line: d.check.at.line, checkId: d.check.id, title: meta?.title ?? d.check.id };
    }
    const step = d.step;
    const title = step.section ?? outline.title;
    if (step.manual !== undefined) {
      return {
        kind: 'manual',
        index,
        line: step.at.line,
        title,
        stepId: step.id,
        target: step.target,
        text: step.manual,
        ...(step.skipIf !== undefined ? { skipIf: step.skipIf } : {}),
      };
    }
    const params: PlannedParam[] = step.params.map((decl) => {
      const pick = pickParam(decl, given, remembered, facts);
      if (pick.source === 'ask') {
        const ask = asks.get(decl.name) ?? { kinds: new Set<ParamKind>(), steps: [] };
        ask.kinds.add(decl.kind);
        ask.steps.push(step.id);
        asks.set(decl.name, ask);
      }
      return {
        name: decl.name,
        kind: decl.kind,
        source: pick.source,
        ...(pick.value !== undefined ? { value: pick.value } : {}),
      };
    });
    return {
      kind: 'step',
      index,
      line: step.at.line,
      title,
      summary: stepSummary(step.command),
      stepId: step.id,
      target: step.target,
      root: step.root,
      reboot: step.reboot === true,
      ...(step.skipIf !== undefined ? { skipIf: step.skipIf } : {}),
      params,
    };
  });
  const ask: ParamAsk[] = [...asks].map(([name, a]) => ({ name, kinds: [...a.kinds], steps: a.steps }));
  return ok({ chapter: outline.slug, title: outline.title, path, tabs, items, ask });
}

/** Every given value must be used by a step of the plan and satisfy each such step's kind. */
function checkGiven(chapter: string, kept: readonly Declared[], given: Readonly<Record<string, string>>): Result<null> {
  const steps = kept.flatMap((d) => (d.kind === 'step' && d.step.manual === undefined ? [d.step] : []));
  for (const [name, value] of Object.entries(given)) {
    const users = steps.filter((s) => s.params.some((p) => p.name === name));
    if (users.length === 0) {
      const names = [...new Set(steps.flatMap((s) => s.params.map((p) => p.name)))];
      return err(
        `parameter "${name}" is not used by chapter "${chapter}" on this path and tabs; its steps take ${names.length ? names.join(', ') : 'no parameters'}`,
      );
    }
    for (const step of users) {
      const decl = step.params.find((p) => p.name === name)!;
      const problem = paramProblem(decl.kind, value);
      if (problem) return err(`parameter "${name}" of step ${step.id} (${decl.kind}): ${problem}`);
    }
  }
  return ok(null);
}

/**
 * Check answers to a plan's asks: each must be asked for and valid for every kind its steps
 * declare. Returns the values accepted and the asks still open (a refused one carries its problem).
 */
export function checkAnswers(
  asks: readonly ParamAsk[],
  answers: Readonly<Record<string, string>>,
): { readonly accepted: Record<string, string>; readonly open: ParamAsk[]; readonly unknown: string[] } {
  const accepted: Record<string, string> = {};
  const open: ParamAsk[] = [];
  const unknown = Object.keys(answers).filter((name) => !asks.some((a) => a.name === name));
  for (const ask of asks) {
    const value = answers[ask.name];
    if (value === undefined) {
      open.push(ask);
      continue;
    }
    const problem = ask.kinds.map((k) => paramProblem(k, value)).find((p) => p !== undefined);
    if (problem) open.push({ ...ask, problem });
    else accepted[ask.name] = value;
  }
  return { accepted, open, unknown };
}

/** A plan with the answered values filled into its steps (source `given`). */
export function fillAnswers(plan: AutopilotPlan, answers: Readonly<Record<string, string>>): AutopilotPlan {
  const items = plan.items.map((item) =>
    item.kind !== 'step'
      ? item
      : {
          ...item,
          params: item.params.map((p) =>
            p.source === 'ask' && answers[p.name] !== undefined
              ? { name: p.name, kind: p.kind, value: answers[p.name]!, source: 'given' as const }
              : p,
          ),
        },
  );
  return { ...plan, items, ask: plan.ask.filter((a) => answers[a.name] === undefined) };
}

/** A step item's parameter values by name (every one has a value once nothing is left to ask). */
export function stepValues(item: Extract<PlanItem, { kind: 'step' }>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of item.params) if (p.value !== undefined) values[p.name] = p.value;
  return values;
}
