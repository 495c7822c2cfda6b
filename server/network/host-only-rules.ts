// Where a VirtualBox host-only network may live, and what it must not collide with.
import { cidrContains, cidrOf, cidrsOverlap, formatCidr, parseCidr, type Cidr } from './ipv4';
import type { NetworksConf } from './networks-conf';
import { compareVersions, parseVersion } from '../checks/parsers/version';

/** A host-only network as the host sees it: its adapter name and the host's address on it. */
export interface HostOnlyNet {
  readonly name: string;
  readonly address: number;
  readonly prefix: number;
}

export interface HostAddress {
  readonly ifname: string;
  readonly address: number;
  readonly prefix: number;
}

export interface HostRoute {
  readonly dst: Cidr;
  readonly dev: string;
}

export const DEFAULT_HOST_ONLY_RANGE = parseCidr('192.168.56.0/21') as Cidr;

export type RangeRule =
  | { readonly kind: 'unrestricted'; readonly why: string }
  | { readonly kind: 'restricted'; readonly allowed: readonly Cidr[]; readonly source: 'default' | 'networks.conf' };

/** Since 6.1.28 on Linux and macOS, host-only ranges are limited to 192.168.56.0/21 unless networks.conf says otherwise. */
export function hostOnlyRangeRule(vboxVersion: string, platform: string, conf: NetworksConf): RangeRule {
  const version = parseVersion(vboxVersion);
  if (platform !== 'linux' && platform !== 'darwin') {
    return { kind: 'unrestricted', why: `VirtualBox on ${platform} does not restrict host-only ranges` };
  }
  if (version && compareVersions(version, [6, 1, 28]) < 0) {
    return { kind: 'unrestricted', why: `VirtualBox ${vboxVersion} predates the range restriction of 6.1.28` };
  }
  if (conf.kind === 'absent') return { kind: 'restricted', allowed: [DEFAULT_HOST_ONLY_RANGE], source: 'default' };
  return { kind: 'restricted', allowed: conf.ipv4, source: 'networks.conf' };
}

export function networkOf(net: { readonly address: number; readonly prefix: number }): Cidr {
  return cidrOf(net.address, net.prefix);
}

export function isRangeAllowed(net: HostOnlyNet, rule: RangeRule): boolean {
  if (rule.kind === 'unrestricted') return true;
  return rule.allowed.some((range) => cidrContains(range, networkOf(net)));
}

export function describeRule(rule: RangeRule): string {
  if (rule.kind === 'unrestricted') return rule.why;
  if (rule.allowed.length === 0) return '/etc/vbox/networks.conf allows no IPv4 range';
  const ranges = rule.allowed.map(formatCidr).join(', ');
  return rule.source === 'default'
    ? `${ranges} (VirtualBox's default; no /etc/vbox/networks.conf)`
    : `${ranges} (from /etc/vbox/networks.conf)`;
}

export interface Clash {
  readonly network: string;
  /** The host interface or route device that overlaps. */
  readonly other: string;
  readonly otherRange: Cidr;
  readonly via: 'interface' | 'route';
}

/** Host interfaces and routes that overlap a host-only network; the adapter itself and the default route are not clashes. */
export function findHostOnlyClashes(
  nets: readonly HostOnlyNet[],
  addrs: readonly HostAddress[],
  routes: readonly HostRoute[],
): Clash[] {
  const clashes: Clash[] = [];
  for (const net of nets) {
    const range = networkOf(net);
    const ownDevices = new Set([net.name, ...addrs.filter((a) => a.address === net.address).map((a) => a.ifname)]);
    for (const addr of addrs) {
      if (ownDevices.has(addr.ifname) || addr.prefix === 32) continue;
      const other = networkOf(addr);
      if (cidrsOverlap(range, other))
        clashes.push({ network: net.name, other: addr.ifname, otherRange: other, via: 'interface' });
    }
    for (const route of routes) {
      if (ownDevices.has(route.dev) || route.dst.prefix === 0) continue;
      if (clashes.some((c) => c.network === net.name && c.other === route.dev)) continue;
      if (cidrsOverlap(range, route.dst))
        clashes.push({ network: net.name, other: route.dev, otherRange: route.dst, via: 'route' });
    }
  }
  return clashes;
}

/** Pairs of host-only networks that overlap each other (the same IP on two adapters included). */
export function findDuplicateHostOnly<T extends HostOnlyNet>(nets: readonly T[]): Array<readonly [T, T]> {
  const pairs: Array<readonly [T, T]> = [];
  nets.forEach((a, i) => {
    for (const b of nets.slice(i + 1)) {
      if (cidrsOverlap(networkOf(a), networkOf(b))) pairs.push([a, b]);
    }
  });
  return pairs;
}

/** A /24 inside `within` (default 192.168.56.0/21) that no address, route or other host-only network touches. */
export function suggestFreeSubnet(
  taken: ReadonlyArray<{ readonly address: number; readonly prefix: number }>,
  routes: readonly HostRoute[],
  within: Cidr = DEFAULT_HOST_ONLY_RANGE,
): Cidr | undefined {
  const used = [...taken.map(networkOf), ...routes.map((r) => r.dst).filter((d) => d.prefix > 0)];
  for (let i = 0; i < 2 ** Math.max(0, 24 - within.prefix); i++) {
    const candidate = cidrOf(within.base + i * 256, 24);
    if (!used.some((u) => cidrsOverlap(u, candidate))) return candidate;
  }
  return undefined;
}
