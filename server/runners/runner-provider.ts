// Which TargetRunner runs a step: the host runner always; dom0 once SSH is configured.
import type { Target } from '../../protocol/ids';
import type { TargetRunner } from './types';
import { err, ok, type Result } from '../../protocol/result';

/** The runner for a target, or why there is none. */
export type RunnerProvider = (target: Target) => Result<TargetRunner>;

export const DOM0_NOT_CONFIGURED =
  'dom0 is not configured: open Settings, enter the SSH connection to your Xen dom0 (host, user, key) and test it, then run this step again';

/** A provider for a server that knows only the host (dom0 arrives with the SSH settings). */
export function hostRunnerProvider(host: TargetRunner, dom0?: () => TargetRunner | undefined): RunnerProvider {
  return (target) => {
    if (target === 'host') return ok(host);
    const runner = dom0?.();
    return runner ? ok(runner) : err(DOM0_NOT_CONFIGURED);
  };
}
