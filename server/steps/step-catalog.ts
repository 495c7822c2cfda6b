// The only commands the server runs: the steps declared in content, looked up by id.
import { checkParams } from '../../protocol/params';
import type { Result } from '../../protocol/result';
import type { StepDecl, StepRegistry } from '../../protocol/steps';

export class StepCatalog {
  private readonly byId: ReadonlyMap<string, StepDecl>;

  constructor(registry: StepRegistry) {
    this.byId = new Map(registry.steps.map((s) => [s.id, s]));
  }

  get(id: string): StepDecl | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }
}

/** A step a client may run, and the environment its parameters become. */
export interface StepRun {
  readonly step: StepDecl;
  readonly env: Readonly<Record<string, string>>;
}

export type StepRunPlan = Result<StepRun>;

/** Decide whether a client may run `stepId` with `params`; values only ever become environment. */
export function planStepRun(catalog: StepCatalog, stepId: string, params: unknown): StepRunPlan {
  const step = catalog.get(stepId);
  if (!step) {
    return {
      ok: false,
      error: `unknown step "${stepId}": only steps declared in the guide's content can run (reload the page if the guide was rebuilt)`,
    };
  }
  const checked = checkParams(step.params, params);
  if (!checked.ok) return { ok: false, error: `step "${step.id}": ${checked.error}` };
  return { ok: true, value: { step, env: checked.value } };
}
