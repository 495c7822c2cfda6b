// What `up` must do to each service, from the plan, the record of the last `up` and the domains
// dom0 runs: a pure decision, table-tested.
import type { ComposePlan } from './plan';
import type { ComposeState } from './state-store';

export type ServiceAction =
  | { readonly service: string; readonly action: 'create'; readonly why: string }
  | { readonly service: string; readonly action: 'recreate'; readonly why: string }
  | { readonly service: string; readonly action: 'keep' };

export interface UpActions {
  /** In creation order. */
  readonly services: readonly ServiceAction[];
  /** Services recorded earlier but no longer in the file: destroyed (reverse creation order). */
  readonly orphans: readonly string[];
}

export function upActions(plan: ComposePlan, state: ComposeState | null, running: ReadonlySet<string>): UpActions {
  const services = plan.services.map((s): ServiceAction => {
    const rec = state?.services[s.service];
    if (!running.has(s.domain))
      return { service: s.service, action: 'create', why: rec ? 'its domain is not running' : 'new' };
    if (!rec)
      return {
        service: s.service,
        action: 'recreate',
        why: 'a domain of that name runs but this project did not record it',
      };
    if (rec.hash !== s.hash) return { service: s.service, action: 'recreate', why: 'its configuration changed' };
    return { service: s.service, action: 'keep' };
  });
  const planned = new Set(plan.services.map((s) => s.service));
  const orphans = [...(state?.order ?? [])].reverse().filter((name) => !planned.has(name));
  return { services, orphans };
}
