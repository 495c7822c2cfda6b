// The generic driver's way through the guide: the dom0 chapters ("Xen in dom0", "dom0
// networking"), planned by the autopilot's planner from the step registry and run by its
// executor, the same one the browser's "Run this chapter" uses (one source of truth for the
// commands: nothing here knows a command).
import {
  itemName,
  type AutopilotItem,
  type AutopilotPlan,
  type AutopilotRequest,
  type AutopilotState,
  type PlanItem,
} from '../../../protocol/autopilot';
import { err, ok, type Result } from '../../../protocol/result';
import { AutopilotService } from '../../autopilot/executor';
import { createCheckService } from '../../checks/service';
import { RunStore } from '../../runs/run-store';
import type { StepRegistry } from '../../../protocol/steps';
import { planChapter } from '../../autopilot/plan';
import type { CheckId } from '../../../protocol/ids';
import type { SecretRequest } from '../../runners/types';
import type { RunDom0Guide } from './create-generic';
import type { BridgePlan } from './preflight';

/** The dom0 chapters the generic driver runs, in order. */
export const GENERIC_CHAPTERS = ['xen', 'dom0'] as const;

/**
 * The path whose tabs a generic machine follows: Debian 12 installed by hand, configured with
 * ifupdown, like the VirtualBox path's dom0 (the QEMU path's machine comes ready-made).
 */
export const GENERIC_PATH = 'virtualbox' as const;

export interface GenericGuidePlan {
  readonly plans: readonly AutopilotPlan[];
  /** What the executor is asked to run, chapter by chapter (the plans above come from these). */
  readonly requests: readonly AutopilotRequest[];
  /** What dom0 networking's bridge will take: preflight checks it is not the SSH card. */
  readonly bridge: BridgePlan;
}

type StepItem = Extract<PlanItem, { kind: 'step' }>;

function paramValue(plans: readonly AutopilotPlan[], name: string): string | undefined {
  for (const plan of plans)
    for (const item of plan.items)
      if (item.kind === 'step') {
        const value = (item as StepItem).params.find((p) => p.name === name)?.value;
        if (value !== undefined) return value;
      }
  return undefined;
}

/**
 * Plan the dom0 chapters with the user's --param values: each value goes to the chapters whose
 * steps take it; one no chapter takes, or one of the wrong kind, is refused before anything
 * connects. Pure.
 */
export function planGenericGuide(
  registry: StepRegistry,
  params: Readonly<Record<string, string>>,
): Result<GenericGuidePlan> {
  const used = new Set<string>();
  const plans: AutopilotPlan[] = [];
  const requests: AutopilotRequest[] = [];
  for (const chapter of GENERIC_CHAPTERS) {
    const takes = new Set(
      registry.steps.filter((s) => s.chapter === chapter).flatMap((s) => s.params.map((p) => p.name)),
    );
    const mine = Object.fromEntries(Object.entries(params).filter(([name]) => takes.has(name)));
    for (const name of Object.keys(mine)) used.add(name);
    const request: AutopilotRequest = { chapter, path: GENERIC_PATH, tabs: [], params: mine };
    const plan = planChapter({ registry, request, defaultPath: GENERIC_PATH });
    if (!plan.ok) return err(`--param: ${plan.error}`);
    plans.push(plan.value);
    requests.push(request);
  }
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (unused.length > 0) {
    const names = [
      ...new Set(plans.flatMap((p) => p.items.flatMap((i) => (i.kind === 'step' ? i.params.map((q) => q.name) : [])))),
    ];
    return err(
      `--param ${unused.join(', ')}: no step of ${GENERIC_CHAPTERS.join(', ')} takes it; they take ${names.join(', ')}`,
    );
  }
  const open = plans.flatMap((p) => p.ask.map((a) => a.name));
  if (open.length > 0)
    return err(`the guide's steps need a value for ${open.join(', ')}: give it with --param NAME=VALUE`);
  const nic = paramValue(plans, 'nic');
  const bridge = paramValue(plans, 'bridge');
  if (nic === undefined || bridge === undefined)
    return err('the chapter "dom0 networking" has no bridge step with nic and bridge parameters: the guide changed');
  return ok({ plans, requests, bridge: { nic, bridge } });
}

/** The step's failure in full: which step, its command, the end of its output, the fix. Pure. */
export function describeFailure(state: AutopilotState, registry: StepRegistry, rerun: string): string {
  const failure = state.failure;
  const item = failure ? state.items[failure.index] : undefined;
  const name = item ? itemName(item) : 'the autopilot';
  const step = item && item.kind !== 'check' ? registry.steps.find((s) => s.id === item.stepId) : undefined;
  const lines = [
    `chapter "${state.title}" stopped at ${item?.kind === 'check' ? 'check' : 'step'} ${name}: ${failure?.reason ?? state.status}`,
  ];
  if (step)
    lines.push(
      `command (${step.root ? 'as root, ' : ''}from ${step.at.file}:${step.at.line}):`,
      ...step.command.split('\n').map((l) => `  ${l}`),
    );
  const output = failure?.output?.trimEnd();
  if (output)
    lines.push(
      'output (its end):',
      ...output
        .split(/\r?\n/)
        .slice(-25)
        .map((l) => `  ${l}`),
    );
  if (failure?.fix) {
    lines.push(`fix: ${failure.fix.summary}`);
    for (const c of failure.fix.commands ?? []) if (!c.startsWith('onramp guide run')) lines.push(`  ${c}`);
  }
  lines.push(`then run again (the steps already done are skipped): ${rerun}`);
  return lines.join('\n');
}

/** One progress line per item as it ends (or starts waiting for a reboot). Pure. */
export function itemLine(state: AutopilotState, item: AutopilotItem): string | undefined {
  const label = `${state.chapter}: ${item.kind === 'check' ? 'check ' : ''}${itemName(item)}`;
  const secs =
    item.startedAt !== undefined && item.endedAt !== undefined
      ? ` (${((item.endedAt - item.startedAt) / 1000).toFixed(1)} s)`
      : '';
  switch (item.state) {
    case 'passed':
      return `${label}: passed${secs}${item.note ? `, ${item.note}` : ''}`;
    case 'satisfied':
      return `${label}: satisfied, skipped (${item.note ?? 'already done'})`;
    case 'failed':
      return `${label}: FAILED${secs}`;
    case 'waiting':
      return item.note ? `${label}: ${item.note}` : undefined;
    default:
      return undefined;
  }
}

/**
 * The autopilot's executor over this machine's SSH runner: each planned chapter in order, its
 * steps through a run store as a click runs them, a root step's sudo prompt answered from the
 * terminal, reboots waited through, the chapter's checks at the end. Stops at the first failure.
 */
export function autopilotGuideRunner(rerun: string): RunDom0Guide {
  return async (ctx) => {
    const runs = new RunStore();
    // A check asks the terminal too (as a clicked check asks the page): the sudo password held
    // since preflight is forgotten after 15 min, and a TCG dom0 takes longer than that to get
    // through "Xen in dom0"; without an asker its checks would fail on `sudo -n` at the end.
    const askSecret = ctx.askSecret;
    const checks = createCheckService(
      (t) => (t === 'dom0' ? ok(ctx.runner) : err('the generic driver runs the dom0 chapters only')),
      {
        progressFile: null,
        path: GENERIC_PATH,
        ...(askSecret ? { askSecret: (_id: CheckId, req: SecretRequest) => askSecret(req) } : {}),
      },
    );
    const service = new AutopilotService({
      registry: ctx.registry,
      runs,
      runners: (t) => (t === 'dom0' ? ok(ctx.runner) : err('the generic driver runs the dom0 chapters only')),
      runCheck: (id) => checks.run(id),
      defaultPath: () => Promise.resolve(GENERIC_PATH),
      ...(ctx.askSecret
        ? {
            answerSecret: (prompt) =>
              ctx.askSecret!({
                kind: prompt.kind,
                target: prompt.target,
                label: prompt.label,
                message: prompt.message,
                attempt: prompt.attempt,
              }),
          }
        : {}),
      pty: { cols: 160, rows: 50 },
    });
    const said = new Map<string, string>();
    let stuck: string | undefined;
    const unsubscribe = service.onState((state) => {
      // Nobody answers parameters or continues a manual step here: stop instead of waiting forever.
      const w = state.waiting;
      if (stuck === undefined && (w?.kind === 'params' || w?.kind === 'manual')) {
        stuck =
          w.kind === 'params'
            ? `chapter ${state.chapter} needs a value for ${w.params.map((p) => p.name).join(', ')}: give it with --param NAME=VALUE`
            : `chapter ${state.chapter} has a step done by hand (${w.stepId}): ${w.text}; do it, then run this command again`;
        service.cancel(state.autopilotId);
      }
      for (const item of state.items) {
        const line = itemLine(state, item);
        const key = `${state.autopilotId}:${item.index}`;
        if (line !== undefined && said.get(key) !== line) {
          said.set(key, line);
          ctx.progress.phase(line);
        }
      }
    });
    const lines: string[] = [];
    try {
      for (const request of ctx.requests) {
        const started = Date.now();
        const start = await service.start(request);
        if (!start.ok) return { ok: false, message: `chapter ${request.chapter}: ${start.error}` };
        const final = await service.ended(start.value.state.autopilotId);
        if (!final) return { ok: false, message: `chapter ${request.chapter}: the autopilot was forgotten` };
        if (stuck !== undefined) return { ok: false, message: stuck };
        if (final.status !== 'passed') return { ok: false, message: describeFailure(final, ctx.registry, rerun) };
        const satisfied = final.items.filter((i) => i.state === 'satisfied').length;
        const ran = final.items.filter((i) => i.kind === 'step' && i.state === 'passed').length;
        lines.push(
          `chapter "${final.title}": done in ${((Date.now() - started) / 1000).toFixed(1)} s (${ran} steps run, ${satisfied} already done, every check passed)`,
        );
      }
      return { ok: true, lines };
    } finally {
      unsubscribe();
      await service.dispose();
      await runs.dispose();
    }
  };
}
