// `onramp machine plan-network`: the host-only plan the virtualbox driver would use, changing
// nothing (for the guide's VirtualBox chapter and its diagram).
import { formatCidr, formatIpv4 } from '../../network/ipv4';
import { describePlan, type HostOnlyPlan } from '../../network/plan-host-only';
import { choosePlan } from './host-only-setup';
import { planInput } from './host-probe';
import { loadVboxState } from './vbox-state';
import type { VirtualboxDeps } from './virtualbox-deps';

export interface PlanSummary {
  readonly subnet: string;
  readonly hostIp: string;
  readonly dom0Ip: string;
  readonly unikernels: string;
  readonly adapter: string;
  readonly mode: HostOnlyPlan['mode'];
  readonly summary: string;
}

export function summarizePlan(plan: HostOnlyPlan): PlanSummary {
  return {
    subnet: formatCidr(plan.subnet),
    hostIp: formatIpv4(plan.hostIp),
    dom0Ip: formatIpv4(plan.dom0Ip),
    unikernels: `${formatIpv4(plan.unikernels.first)}-${formatIpv4(plan.unikernels.last)}`,
    adapter: plan.adapter.kind === 'reuse' ? plan.adapter.name : (plan.adapter.name ?? '(new adapter)'),
    mode: plan.mode,
    summary: describePlan(plan),
  };
}

export async function planNetwork(deps: VirtualboxDeps, name: string, dir: string): Promise<PlanSummary> {
  const version = (await deps.vbox.run(['--version'])).trim();
  const state = (await loadVboxState(dir)) ?? { vmName: name };
  const input = await planInput({
    vbox: deps.vbox,
    version,
    platform: deps.platform,
    network: await deps.hostNetwork(),
    networksConfText: await deps.networksConf(),
    netName: `onramp-${name}`,
  });
  return summarizePlan(choosePlan(input, state, deps.hostOnlyIp));
}
