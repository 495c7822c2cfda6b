// The host-only network planner: from what the host and VirtualBox already have, choose a subnet
// for the dom0 VM's second NIC that VirtualBox allows and nothing collides with, or explain why
// a requested one cannot work, naming the interface in the way.
import { cidrContains, cidrOf, cidrsOverlap, formatCidr, formatIpv4, parseIpv4, type Cidr } from './ipv4';
import {
  DEFAULT_HOST_ONLY_RANGE,
  describeRule,
  hostOnlyRangeRule,
  type HostAddress,
  sameInterface,
  type HostRoute,
  type RangeRule,
} from './host-only-rules';
import { shellCommand } from '../checks/shell-command';
import type { NetworksConf } from './networks-conf';
import type { DhcpServer, HostOnlyIf, HostOnlyNetRecord } from '../checks/parsers/vbox-lists';
import { compareVersions, parseVersion } from '../checks/parsers/version';
import type { Result } from '../../protocol/result';

export interface PlanInput {
  readonly vboxVersion: string;
  /** `process.platform` of the host running VirtualBox. */
  readonly platform: string;
  readonly networksConf: NetworksConf;
  /** IPv4 addresses of the host's interfaces that are up (Wi-Fi, VPN, docker bridges, vboxnetN...). */
  readonly hostAddrs: readonly HostAddress[];
  readonly routes: readonly HostRoute[];
  readonly hostOnlyIfs: readonly HostOnlyIf[];
  readonly hostOnlyNets: readonly HostOnlyNetRecord[];
  readonly dhcpServers: readonly DhcpServer[];
  /** The host's address on the network with its prefix, e.g. 192.168.56.1/24; omitted: choose one. */
  readonly requested?: { readonly hostIp: number; readonly prefix: number };
  /** Name for a VirtualBox 7 host-only network (macOS). */
  readonly netName: string;
}

export type HostOnlyMode = 'hostonlyif' | 'hostonlynet';

export interface HostOnlyPlan {
  readonly mode: HostOnlyMode;
  readonly subnet: Cidr;
  readonly hostIp: number;
  /** dom0's address on its bridge over NIC 2. */
  readonly dom0Ip: number;
  /** Static addresses left for unikernels (VirtualBox's DHCP server is off on this network). */
  readonly unikernels: { readonly first: number; readonly last: number };
  /** Reuse this adapter/network (it already has exactly this address), or create one. */
  readonly adapter:
    { readonly kind: 'reuse'; readonly name: string } | { readonly kind: 'create'; readonly name?: string };
  /** VirtualBox DHCP servers on this network to remove (`dhcpserver remove --netname`). */
  readonly removeDhcp: readonly string[];
  /** Broader routes the subnet lies inside (a VPN's): not in the way, but worth knowing. Absent when none. */
  readonly warnings?: readonly string[];
}

/** Why a requested network cannot work, and a free one to offer instead when there is one. */
export interface HostOnlyRefusal {
  readonly problems: readonly string[];
  readonly suggestion?: HostOnlyPlan;
}

export type PlanResult = Result<HostOnlyPlan, HostOnlyRefusal>;

/** VirtualBox 7 on macOS has host-only networks instead of adapters. */
export function hostOnlyMode(vboxVersion: string, platform: string): HostOnlyMode {
  const v = parseVersion(vboxVersion);
  return platform === 'darwin' && v !== undefined && compareVersions(v, [7]) >= 0 ? 'hostonlynet' : 'hostonlyif';
}

interface Occupant {
  readonly what: string;
  readonly range: Cidr;
  readonly address?: number;
  /** Set when this occupant is a host-only adapter/network by that name. */
  readonly hostOnly?: string;
  readonly kind?: 'adapter' | 'network' | 'route';
}

/** The command that removes a host-only adapter or network, its name quoted. */
function removeCommand(o: Occupant): string {
  return o.kind === 'network'
    ? shellCommand('VBoxManage', 'hostonlynet', 'remove', `--name=${o.hostOnly ?? ''}`)
    : shellCommand('VBoxManage', 'hostonlyif', 'remove', o.hostOnly ?? '');
}

function hostOnlyOccupants(input: PlanInput): Occupant[] {
  const fromIfs = input.hostOnlyIfs.flatMap((i): Occupant[] =>
    i.address === undefined || i.prefix === undefined
      ? []
      : [
          {
            what: `host-only adapter ${i.name} (${i.ipText}/${i.prefix})`,
            range: cidrOf(i.address, i.prefix),
            address: i.address,
            hostOnly: i.name,
            kind: 'adapter',
          },
        ],
  );
  const fromNets = input.hostOnlyNets.flatMap((n): Occupant[] =>
    n.lowerIp === undefined || n.prefix === undefined
      ? []
      : [
          {
            what: `host-only network ${n.name} (${n.lowerIpText}/${n.prefix})`,
            range: cidrOf(n.lowerIp, n.prefix),
            address: n.lowerIp,
            hostOnly: n.name,
            kind: 'network',
          },
        ],
  );
  return [...fromIfs, ...fromNets];
}

function otherOccupants(input: PlanInput, hostOnly: readonly Occupant[]): Occupant[] {
  const hostOnlyNames = new Set(hostOnly.map((o) => o.hostOnly ?? ''));
  // macOS shows a VirtualBox 7 host-only network as a bridgeNNN interface with the network's address
  const ownAddress = (a: HostAddress) => hostOnly.some((o) => o.address === a.address);
  const addrs = input.hostAddrs
    .filter((a) => !hostOnlyNames.has(a.ifname) && !ownAddress(a) && a.prefix < 32 && !a.ifname.startsWith('lo'))
    .map((a): Occupant => ({
      what: `interface ${a.ifname} (${formatIpv4(a.address)}/${a.prefix})`,
      range: cidrOf(a.address, a.prefix),
      address: a.address,
    }));
  const routes = input.routes
    .filter(
      (r) =>
        r.dst.prefix > 0 &&
        ![...hostOnlyNames].some((n) => sameInterface(r.dev, n)) &&
        !r.dev.startsWith('lo') &&
        !addrs.some((a) => a.what.startsWith(`interface ${r.dev} `) && cidrsOverlap(a.range, r.dst)),
    )
    .map((r): Occupant => ({ what: `a route to ${formatCidr(r.dst)} via ${r.dev}`, range: r.dst, kind: 'route' }));
  const dhcp = input.dhcpServers.flatMap((d): Occupant[] => {
    const ip = parseIpv4(d.ip);
    const owner = [...hostOnlyNames].find(
      (n) => d.networkName === `HostInterfaceNetworking-${n}` || d.networkName === `hostonly-${n}`,
    );
    return ip === undefined || owner !== undefined || !d.enabled
      ? []
      : [{ what: `VirtualBox DHCP server ${d.networkName} (${d.ip})`, range: cidrOf(ip, 32) }];
  });
  return [...addrs, ...routes, ...dhcp];
}

/** The guide's layout on a /24: host .1, dom0 .5, unikernels .150–.199; smaller subnets shrink it. */
function layout(subnet: Cidr, hostIp: number): Pick<HostOnlyPlan, 'dom0Ip' | 'unikernels'> | undefined {
  const size = 2 ** (32 - subnet.prefix);
  if (size < 8) return undefined;
  const usable = (a: number) => a > subnet.base && a < subnet.base + size - 1 && a !== hostIp;
  const dom0Ip = [subnet.base + 5, subnet.base + 2, subnet.base + 1, subnet.base + 3].find(usable);
  if (dom0Ip === undefined) return undefined;
  const taken = (a: number) => a === hostIp || a === dom0Ip;
  let first = size >= 256 ? subnet.base + 150 : subnet.base + Math.floor(size / 2);
  let last = size >= 256 ? subnet.base + 199 : subnet.base + size - 2;
  while (taken(first) && first < last) first++;
  while (taken(last) && last > first) last--;
  return { dom0Ip, unikernels: { first, last } };
}

function dhcpOn(input: PlanInput, adapter: string | undefined): string[] {
  if (adapter === undefined) return [];
  return input.dhcpServers
    .filter((d) => d.networkName === `HostInterfaceNetworking-${adapter}` || d.networkName === `hostonly-${adapter}`)
    .map((d) => d.networkName);
}

/** Every reason `hostIp/prefix` cannot be this machine's host-only network (empty: it can). */
export function problemsWith(
  input: PlanInput,
  hostIp: number,
  prefix: number,
  rule: RangeRule,
): { problems: string[]; reuse?: string; warnings: string[]; occupants: Occupant[] } {
  const subnet = cidrOf(hostIp, prefix);
  const label = `${formatIpv4(hostIp)}/${prefix}`;
  const problems: string[] = [];
  const warnings: string[] = [];
  const occupants: Occupant[] = [];
  if (prefix > 29)
    problems.push(`${label} is too small: use a /29 or larger (a /24 leaves room for dom0 and unikernels)`);
  else if (hostIp === subnet.base || hostIp === subnet.base + 2 ** (32 - prefix) - 1) {
    problems.push(
      `${formatIpv4(hostIp)} is the network or broadcast address of ${formatCidr(subnet)}: use ${formatIpv4(subnet.base + 1)}/${prefix}`,
    );
  }
  if (rule.kind === 'restricted' && !rule.allowed.some((r) => cidrContains(r, subnet))) {
    problems.push(
      `${formatCidr(subnet)} is outside the ranges VirtualBox allows for host-only networks: ${describeRule(rule)}; VirtualBox would refuse it with E_ACCESSDENIED. ` +
        `Pick a subnet inside them, or add the line "* ${formatCidr(subnet)}" to /etc/vbox/networks.conf (as root)`,
    );
  }
  const hostOnly = hostOnlyOccupants(input);
  const exact = hostOnly.find((o) => o.address === hostIp && o.range.prefix === prefix && o.range.base === subnet.base);
  for (const o of hostOnly) {
    if (o === exact || !cidrsOverlap(o.range, subnet)) continue;
    occupants.push(o);
    problems.push(
      o.address !== hostIp
        ? `${formatCidr(subnet)} overlaps ${o.what}: pick another subnet or remove that adapter`
        : o.range.prefix === prefix && exact !== undefined
          ? `${o.hostOnly ?? o.what} has the same address as ${exact.hostOnly ?? exact.what} (${label}): two adapters with the same IP break routing. Remove it (${removeCommand(o)}) or pick another subnet`
          : `${o.what} already has the address ${formatIpv4(hostIp)} with another netmask: two adapters with the same IP break routing. Remove it (${removeCommand(o)}) or pick another subnet`,
    );
  }
  for (const o of otherOccupants(input, hostOnly)) {
    if (!cidrsOverlap(o.range, subnet)) continue;
    if (o.kind === 'route' && o.range.prefix < prefix) {
      // A broader route or network (a VPN's) loses to the adapter's connected subnet: not in the way.
      warnings.push(
        `${formatCidr(subnet)} lies inside ${o.what}: the host-only network is more specific and wins, but some VPN clients block local traffic while they are connected (allow LAN access in the VPN client if dom0 does not answer)`,
      );
      continue;
    }
    occupants.push(o);
    problems.push(
      o.range.base === subnet.base && o.range.prefix === subnet.prefix
        ? `${formatCidr(subnet)} is the network of ${o.what}: the host could not tell the two apart. Pick another subnet`
        : `${formatCidr(subnet)} overlaps ${o.what}: traffic for it would go the wrong way. Pick another subnet`,
    );
  }
  if (input.requested === undefined || exact === undefined) {
    const sameName =
      hostOnlyMode(input.vboxVersion, input.platform) === 'hostonlynet'
        ? hostOnly.find((o) => o.hostOnly === input.netName && o !== exact)
        : undefined;
    if (sameName)
      problems.push(
        `a host-only network named ${input.netName} already exists with another range (${sameName.what}): remove it (${removeCommand(sameName)}) or choose another machine name`,
      );
  }
  const found = { problems, warnings, occupants };
  return exact?.hostOnly !== undefined ? { ...found, reuse: exact.hostOnly } : found;
}

function candidates(rule: RangeRule): Cidr[] {
  const ranges = rule.kind === 'restricted' ? rule.allowed : [DEFAULT_HOST_ONLY_RANGE];
  const out: Cidr[] = [];
  for (const range of ranges) {
    const prefix = Math.max(24, range.prefix);
    if (prefix > 29) continue;
    const count = Math.min(2 ** (prefix - range.prefix), 4096);
    for (let i = 0; i < count; i++) out.push(cidrOf(range.base + i * 2 ** (32 - prefix), prefix));
  }
  return out;
}

function planFor(
  input: PlanInput,
  hostIp: number,
  prefix: number,
  reuse: string | undefined,
  warnings: readonly string[] = [],
): HostOnlyPlan | undefined {
  const subnet = cidrOf(hostIp, prefix);
  const rest = layout(subnet, hostIp);
  if (!rest) return undefined;
  const mode = hostOnlyMode(input.vboxVersion, input.platform);
  const adapter: HostOnlyPlan['adapter'] = reuse
    ? { kind: 'reuse', name: reuse }
    : mode === 'hostonlynet'
      ? { kind: 'create', name: input.netName }
      : { kind: 'create' };
  const plan = { mode, subnet, hostIp, ...rest, adapter, removeDhcp: dhcpOn(input, reuse) };
  return warnings.length > 0 ? { ...plan, warnings } : plan;
}

/** What keeps one candidate subnet from being used. */
interface Blocked {
  readonly candidate: Cidr;
  readonly occupants: readonly Occupant[];
}

function firstFree(input: PlanInput, rule: RangeRule, blocked: Blocked[] = []): HostOnlyPlan | undefined {
  for (const c of candidates(rule)) {
    const hostIp = c.base + 1;
    // never pick another tool's adapter (docker-machine's vboxnet0) by itself: only when asked for
    const { problems, reuse, warnings, occupants } = problemsWith(input, hostIp, c.prefix, rule);
    if (problems.length === 0 && reuse === undefined) return planFor(input, hostIp, c.prefix, undefined, warnings);
    blocked.push({
      candidate: c,
      occupants:
        reuse === undefined
          ? occupants
          : [...occupants, ...hostOnlyOccupants(input).filter((o) => o.hostOnly === reuse)],
    });
  }
  return undefined;
}

/** What occupies the candidates, in words: the first few, and the broadest occupant. */
function describeBlocked(blocked: readonly Blocked[]): string {
  if (blocked.length === 0) return 'no candidate subnet';
  const first = blocked
    .slice(0, 3)
    .map(
      (b) =>
        `${formatCidr(b.candidate)} is taken by ${b.occupants.map((o) => o.what).join(' and ') || 'the range rule'}`,
    );
  const all = blocked.flatMap((b) => b.occupants);
  const broadest = all.reduce<Occupant | undefined>(
    (w, o) => (w === undefined || o.range.prefix < w.range.prefix ? o : w),
    undefined,
  );
  const covered = broadest ? blocked.filter((b) => b.occupants.some((o) => o.what === broadest.what)).length : 0;
  const more = blocked.length > 3 ? `; ${blocked.length - 3} more` : '';
  const broad = broadest && covered > 1 ? `; the broadest is ${broadest.what}, across ${covered} of them` : '';
  return `${first.join('; ')}${more}${broad}`;
}

/** The plan for the dom0 VM's host-only network, or every reason the requested one cannot work. */
export function planHostOnly(input: PlanInput): PlanResult {
  const rule = hostOnlyRangeRule(input.vboxVersion, input.platform, input.networksConf);
  if (input.requested) {
    const { hostIp, prefix } = input.requested;
    const { problems, reuse, warnings } = problemsWith(input, hostIp, prefix, rule);
    const plan = problems.length === 0 ? planFor(input, hostIp, prefix, reuse, warnings) : undefined;
    if (plan) return { ok: true, value: plan };
    const suggestion = firstFree(input, rule);
    return { ok: false, error: { problems, ...(suggestion ? { suggestion } : {}) } };
  }
  const blocked: Blocked[] = [];
  const plan = firstFree(input, rule, blocked);
  if (plan) return { ok: true, value: plan };
  const where = rule.kind === 'restricted' ? describeRule(rule) : formatCidr(DEFAULT_HOST_ONLY_RANGE);
  return {
    ok: false,
    error: {
      problems: [
        `no free /24 for a host-only network in ${where}: ${describeBlocked(blocked)}. Free one (e.g. remove an unused vboxnet adapter) or allow another range in /etc/vbox/networks.conf`,
      ],
    },
  };
}

/** One line for the guide and the CLI: `192.168.56.0/24 (a new adapter): host 192.168.56.1, dom0 192.168.56.5, unikernels 192.168.56.150–192.168.56.199`. */
export function describePlan(plan: HostOnlyPlan): string {
  const adapter =
    plan.adapter.kind === 'reuse'
      ? `existing ${plan.adapter.name}`
      : plan.adapter.name
        ? `new network ${plan.adapter.name}`
        : 'a new adapter';
  const warnings = plan.warnings?.length ? `; warning: ${plan.warnings.join('; ')}` : '';
  return `${formatCidr(plan.subnet)} (${adapter}): host ${formatIpv4(plan.hostIp)}, dom0 ${formatIpv4(plan.dom0Ip)}, unikernels ${formatIpv4(plan.unikernels.first)}–${formatIpv4(plan.unikernels.last)}${warnings}`;
}
