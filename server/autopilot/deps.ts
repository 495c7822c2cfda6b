// The autopilot's collaborators as `onramp serve` and `onramp guide run` wire them: the saved dom0
// pre-fills `user` and `dom0`, the path is the one detected from the machine store.
import type { CheckId } from '../../protocol/ids';
import type { StepRegistry } from '../../protocol/steps';
import type { Verdict } from '../../protocol/verdict';
import { detectSetupPath } from '../checks/setup-path';
import type { RunStorePort } from '../socket/run-store-port';
import type { Dom0Service } from '../ssh/dom0-service';
import type { RunnerProvider } from '../runners/runner-provider';
import type { AutopilotDeps } from './executor';
import type { PlanFacts } from './plan';

export interface AutopilotWiring {
  readonly registry: StepRegistry;
  readonly runs: RunStorePort;
  readonly runners: RunnerProvider;
  readonly dom0: Pick<Dom0Service, 'getTarget'>;
  readonly runCheck: (id: CheckId) => Promise<Verdict>;
}

/** Facts known to this Onramp: the saved dom0 target (dom0.json). No saved network plan yet. */
export async function knownFacts(dom0: Pick<Dom0Service, 'getTarget'>): Promise<PlanFacts> {
  try {
    const target = await dom0.getTarget();
    return target ? { dom0: { host: target.host, user: target.user } } : {};
  } catch {
    return {};
  }
}

export function autopilotDeps(w: AutopilotWiring): AutopilotDeps {
  return {
    registry: w.registry,
    runs: w.runs,
    runners: w.runners,
    runCheck: w.runCheck,
    defaultPath: detectSetupPath,
    facts: () => knownFacts(w.dom0),
  };
}
