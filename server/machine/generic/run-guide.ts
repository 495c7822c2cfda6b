// The generic driver's way through the guide: the dom0 chapters ("Xen in dom0", "dom0
// networking"), planned by the autopilot's planner from the step registry and run by its
// executor, the same one the browser's "Run this chapter" uses (one source of truth for the
// commands: nothing here knows a command).
import type { AutopilotPlan, PlanItem } from '../../../protocol/autopilot';
import { err, ok, type Result } from '../../../protocol/result';
import type { StepRegistry } from '../../../protocol/steps';
import { planChapter } from '../../autopilot/plan';
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
  for (const chapter of GENERIC_CHAPTERS) {
    const takes = new Set(
      registry.steps.filter((s) => s.chapter === chapter).flatMap((s) => s.params.map((p) => p.name)),
    );
    const mine = Object.fromEntries(Object.entries(params).filter(([name]) => takes.has(name)));
    for (const name of Object.keys(mine)) used.add(name);
    const plan = planChapter({
      registry,
      request: { chapter, path: GENERIC_PATH, tabs: [], params: mine },
      defaultPath: GENERIC_PATH,
    });
    if (!plan.ok) return err(`--param: ${plan.error}`);
    plans.push(plan.value);
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
  return ok({ plans, bridge: { nic, bridge } });
}

export const runDom0GuideWithAutopilot: RunDom0Guide = () =>
  Promise.resolve({
    ok: false,
    message:
      "the chapter autopilot's executor is not on this build yet, so the guide's dom0 steps cannot run from here: " +
      'the machine passed preflight; follow the chapters "Xen in dom0" and "dom0 networking" in the browser (onramp serve) for now',
  });
