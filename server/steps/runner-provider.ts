// Which TargetRunner runs a step: the host runner always; dom0 once SSH is configured.
import type { Target } from '../../protocol/ids';
import type { TargetRunner } from '../runners/types';

export type RunnerProvider = (target: Target) => TargetRunner | { readonly error: string };

export const DOM0_NOT_CONFIGURED =
  'dom0 is not configured: open Settings, enter the SSH connection to your Xen dom0 (host, user, key) and test it, then run this step again';

/** A provider for a server that knows only the host (dom0 arrives with the SSH settings). */
export function hostRunnerProvider(host: TargetRunner, dom0?: () => TargetRunner | undefined): RunnerProvider {
  return (target) => {
    if (target === 'host') return host;
    return dom0?.() ?? { error: DOM0_NOT_CONFIGURED };
  };
}
