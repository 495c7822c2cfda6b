// Make the planned host-only network exist in VirtualBox: create (or reuse) the adapter, wait
// until VirtualBox lists it, give it the host address, and remove VirtualBox's DHCP server there.
import { formatIpv4, parseIpv4 } from '../../network/ipv4';
import { describePlan, planHostOnly, type HostOnlyPlan, type PlanInput } from '../../network/plan-host-only';
import { parseDhcpServers, parseHostOnlyIfs, parseHostOnlyNets } from '../../checks/parsers/vbox-lists';
import type { Progress } from '../progress';
import { waitUntil } from '../wait-until';
import { createdHostOnlyIf } from './vbox-output';
import type { VboxState } from './vbox-state';
import type { VBoxManage } from './vboxmanage';
import { dhcpRemoveArgs, hostOnlyCreateArgs, hostOnlyIpconfigArgs } from './vm-commands';

export interface NetworkSetup {
  readonly plan: HostOnlyPlan;
  readonly adapter: string;
  readonly state: VboxState;
}

/** The plan for this machine: a previous run's subnet and adapter win, then `--hostonly-ip`, then the first free one. */
export function choosePlan(
  input: Omit<PlanInput, 'requested'>,
  state: VboxState,
  requestedText: string | undefined,
): HostOnlyPlan {
  const own = state.adapter;
  const others: Omit<PlanInput, 'requested'> = {
    ...input,
    hostOnlyIfs: input.hostOnlyIfs.filter((i) => i.name !== own),
    hostOnlyNets: input.hostOnlyNets.filter((n) => n.name !== own),
    hostAddrs: input.hostAddrs.filter((a) => a.ifname !== own),
  };
  const fromState =
    state.hostIp && state.prefix !== undefined ? { hostIp: parseIpv4(state.hostIp), prefix: state.prefix } : undefined;
  const [ip, len] = (requestedText ?? '').split('/');
  const fromFlag = requestedText
    ? { hostIp: parseIpv4(ip ?? ''), prefix: len === undefined ? 24 : Number(len) }
    : undefined;
  const requested = fromState ?? fromFlag;
  if (requested && (requested.hostIp === undefined || !Number.isInteger(requested.prefix))) {
    throw new Error(
      `--hostonly-ip ${requestedText ?? ''} is not an IPv4 address with an optional prefix (expected e.g. 192.168.56.1/24)`,
    );
  }
  const result = planHostOnly(
    requested?.hostIp !== undefined
      ? { ...others, requested: { hostIp: requested.hostIp, prefix: requested.prefix } }
      : others,
  );
  if (!result.ok) {
    const hint = result.error.suggestion
      ? `\nA subnet that works here: ${describePlan(result.error.suggestion)} (use --hostonly-ip ${formatIpv4(result.error.suggestion.hostIp)}/${result.error.suggestion.subnet.prefix})`
      : '';
    throw new Error(`cannot use a host-only network for this machine:\n- ${result.error.problems.join('\n- ')}${hint}`);
  }
  const plan = result.value;
  return own && plan.adapter.kind === 'create' ? { ...plan, adapter: { kind: 'reuse', name: own } } : plan;
}

async function listed(vbox: VBoxManage, plan: HostOnlyPlan, name: string): Promise<boolean> {
  if (plan.mode === 'hostonlynet')
    return parseHostOnlyNets(await vbox.run(['list', 'hostonlynets'])).some((n) => n.name === name);
  return parseHostOnlyIfs(await vbox.run(['list', 'hostonlyifs'])).some((i) => i.name === name);
}

/** What setting up the network uses: VBoxManage, where the state is saved, where progress goes. */
export interface HostOnlySetupIo {
  readonly vbox: VBoxManage;
  /** Saves the machine's state (called as soon as an adapter is created, so a failed create can clean up). */
  readonly save: (s: VboxState) => Promise<void>;
  readonly progress: Progress;
  /** How long VirtualBox may take to list a newly created adapter, in milliseconds. */
  readonly listedTimeoutMs: number;
}

/** Creates or reuses the plan's adapter and returns it with the state that records it. */
export async function setUpHostOnly(io: HostOnlySetupIo, plan: HostOnlyPlan, state: VboxState): Promise<NetworkSetup> {
  const { vbox, save, progress, listedTimeoutMs } = io;
  let current: VboxState = {
    ...state,
    hostIp: formatIpv4(plan.hostIp),
    prefix: plan.subnet.prefix,
    dom0Ip: formatIpv4(plan.dom0Ip),
  };
  let adapter: string;
  const exists = plan.adapter.kind === 'reuse' && (await listed(vbox, plan, plan.adapter.name));
  if (plan.adapter.kind === 'reuse' && exists) {
    adapter = plan.adapter.name;
    progress.phase(`network: reusing ${adapter} for ${describePlan(plan)}`);
    const now =
      plan.mode === 'hostonlyif'
        ? parseHostOnlyIfs(await vbox.run(['list', 'hostonlyifs'])).find((i) => i.name === adapter)
        : undefined;
    const configured = now?.address === plan.hostIp && now.prefix === plan.subnet.prefix;
    if (plan.mode === 'hostonlyif' && !configured) await vbox.run(hostOnlyIpconfigArgs(adapter, plan));
  } else {
    progress.phase(`network: creating ${describePlan(plan)}`);
    const wanted: HostOnlyPlan =
      plan.mode === 'hostonlynet'
        ? { ...plan, adapter: { kind: 'create', name: plan.adapter.name ?? 'onramp' } }
        : plan;
    const out = await vbox.run(hostOnlyCreateArgs(wanted));
    const name = plan.mode === 'hostonlynet' ? (wanted.adapter.name ?? 'onramp') : createdHostOnlyIf(out);
    if (!name)
      throw new Error(
        `VBoxManage hostonlyif create did not say which adapter it made (expected "Interface 'vboxnetN' was successfully created", got: ${out.trim() || 'nothing'})`,
      );
    adapter = name;
    current = { ...current, adapter, createdAdapter: true };
    await save(current);
    await waitUntil(`VirtualBox to list the new host-only adapter ${adapter}`, () => listed(vbox, plan, adapter), {
      timeoutMs: listedTimeoutMs,
      intervalMs: 500,
    });
    if (plan.mode === 'hostonlyif') await vbox.run(hostOnlyIpconfigArgs(adapter, plan));
  }
  current = { ...current, adapter };
  await save(current);
  const nets = new Set([...plan.removeDhcp, `HostInterfaceNetworking-${adapter}`, `hostonly-${adapter}`]);
  for (const server of parseDhcpServers(await vbox.run(['list', 'dhcpservers']))) {
    if (!nets.has(server.networkName)) continue;
    progress.phase(
      `network: removing VirtualBox's DHCP server ${server.networkName} (dom0 and unikernels use static addresses)`,
    );
    await vbox.run(dhcpRemoveArgs(server.networkName));
  }
  return { plan, adapter, state: current };
}
