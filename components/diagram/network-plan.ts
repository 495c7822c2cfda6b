// The addresses the network diagram shows: the guide's standard plan, or literal props for another.

/** Props of `<NetworkDiagram />`; each one replaces a part of the standard plan. */
export interface NetworkPlanProps {
  /** The host's address on the host-only network (default 192.168.56.1). */
  readonly hostIp?: string;
  /** The host-only adapter on the host (default vboxnet0). */
  readonly hostAdapter?: string;
  /** dom0's address, carried by its bridge (default 192.168.56.5). */
  readonly dom0Ip?: string;
  /** dom0's bridge (default br0). */
  readonly bridge?: string;
  /** dom0's host-only network card, a member of the bridge (default enp0s8). */
  readonly dom0Nic?: string;
  /** The first unikernel's address; the next one gets the following address (default 192.168.56.150). */
  readonly unikernelFrom?: string;
}

export interface DiagramPlan {
  readonly hostIp: string;
  readonly hostAdapter: string;
  readonly dom0Ip: string;
  readonly bridge: string;
  readonly dom0Nic: string;
  readonly unikernelIps: readonly [string, string];
  readonly network: string;
  readonly title: string;
  readonly description: string;
  readonly caption: string;
}

export const STANDARD_PLAN = {
  hostIp: '192.168.56.1',
  hostAdapter: 'vboxnet0',
  dom0Ip: '192.168.56.5',
  bridge: 'br0',
  dom0Nic: 'enp0s8',
  unikernelFrom: '192.168.56.150',
} as const satisfies Required<NetworkPlanProps>;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address after `ip` (192.168.56.150 → 192.168.56.151); anything that is not IPv4 gets "…". */
export function nextAddress(ip: string): string {
  const m = IPV4.exec(ip);
  if (!m) return '…';
  const last = Number(m[4]);
  return last >= 254 ? '…' : `${m[1]}.${m[2]}.${m[3]}.${last + 1}`;
}

/** The /24 holding `ip`, as the guide's plans use (192.168.56.1 → 192.168.56.0/24). */
export function networkOf24(ip: string): string {
  const m = IPV4.exec(ip);
  return m ? `${m[1]}.${m[2]}.${m[3]}.0/24` : ip;
}

export function diagramPlan(props: NetworkPlanProps): DiagramPlan {
  const pick = (value: string | undefined, standard: string) =>
    value !== undefined && value.trim() !== '' ? value : standard;
  const p = {
    hostIp: pick(props.hostIp, STANDARD_PLAN.hostIp),
    hostAdapter: pick(props.hostAdapter, STANDARD_PLAN.hostAdapter),
    dom0Ip: pick(props.dom0Ip, STANDARD_PLAN.dom0Ip),
    bridge: pick(props.bridge, STANDARD_PLAN.bridge),
    dom0Nic: pick(props.dom0Nic, STANDARD_PLAN.dom0Nic),
    unikernelFrom: pick(props.unikernelFrom, STANDARD_PLAN.unikernelFrom),
  };
  const second = nextAddress(p.unikernelFrom);
  const network = networkOf24(p.hostIp);
  return {
    hostIp: p.hostIp,
    hostAdapter: p.hostAdapter,
    dom0Ip: p.dom0Ip,
    bridge: p.bridge,
    dom0Nic: p.dom0Nic,
    unikernelIps: [p.unikernelFrom, second],
    network,
    title: 'The guide’s network: your computer, the dom0 VM, its bridge and the unikernels',
    description:
      `Your computer is ${p.hostIp} on its host-only adapter ${p.hostAdapter}. ` +
      `The host-only network ${network} reaches the dom0 virtual machine through its network card ${p.dom0Nic}, ` +
      `which is a member of dom0's bridge ${p.bridge}; the bridge carries dom0's address ${p.dom0Ip}. ` +
      `Each unikernel's virtual network card is plugged into ${p.bridge} too, with addresses from ${p.unikernelFrom} (then ${second}).`,
    caption: `Host ${p.hostIp} (${p.hostAdapter}) ↔ dom0 ${p.dom0Ip} on ${p.bridge} (over ${p.dom0Nic}) ↔ unikernels from ${p.unikernelFrom}.`,
  };
}
