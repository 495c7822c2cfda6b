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

/**
 * Is `dev` (an interface column of `netstat -rn`) the interface `name`? Older macOS cuts the
 * column to a few characters (`vboxnet` for vboxnet0), so a cut name matches by prefix.
 */
export function sameInterface(dev: string, name: string): boolean {
  return dev === name || (dev.length >= 5 && name.startsWith(dev));
}

/** A route's device that is the network's own adapter: by name (cut names by prefix, for routes inside its range). */
function isOwnDevice(dev: string, dst: Cidr, range: Cidr, own: ReadonlySet<string>): boolean {
  if (own.has(dev)) return true;
  return cidrContains(range, dst) && [...own].some((name) => sameInterface(dev, name));
}

/** A host route to one of the host's own addresses through loopback (macOS routes its own IPs via lo0). */
function isOwnAddressRoute(route: HostRoute, addrs: readonly HostAddress[]): boolean {
  return route.dst.prefix === 32 && /^lo\d*$/.test(route.dev) && addrs.some((a) => a.address === route.dst.base);
}

/**
 * Does an interface's network or a route collide with `range`? An interface's network always does
 * when they overlap (its neighbours live there). A route only when it is equal or more specific: a
 * broader one (a VPN's) loses to the adapter's connected network by longest-prefix match.
 */
function collides(range: Cidr, other: Cidr, kind: 'interface' | 'route'): boolean {
  if (!cidrsOverlap(range, other)) return false;
  return kind === 'interface' || other.prefix >= range.prefix;
}

interface Overlaps {
  readonly clashes: Clash[];
  readonly broader: Clash[];
}

function overlapsOf(net: HostOnlyNet, addrs: readonly HostAddress[], routes: readonly HostRoute[]): Overlaps {
  const range = networkOf(net);
  const own = new Set([net.name, ...addrs.filter((a) => a.address === net.address).map((a) => a.ifname)]);
  const out: Overlaps = { clashes: [], broader: [] };
  for (const addr of addrs) {
    if (own.has(addr.ifname) || addr.prefix === 32) continue;
    const other = networkOf(addr);
    if (!cidrsOverlap(range, other)) continue;
    const clash: Clash = { network: net.name, other: addr.ifname, otherRange: other, via: 'interface' };
    out.clashes.push(clash);
  }
  for (const route of routes) {
    if (route.dst.prefix === 0 || isOwnDevice(route.dev, route.dst, range, own) || isOwnAddressRoute(route, addrs))
      continue;
    if (!cidrsOverlap(range, route.dst)) continue;
    const list = collides(range, route.dst, 'route') ? out.clashes : out.broader;
    if (list.some((c) => c.other === route.dev)) continue;
    list.push({ network: net.name, other: route.dev, otherRange: route.dst, via: 'route' });
  }
  return out;
}

/**
 * Host interfaces and routes that collide with a host-only network: equal or more specific ones.
 * The adapter itself (also under a name netstat cut short), the default route and the host's own
 * address routed via lo0 are not clashes.
 */
export function findHostOnlyClashes(
  nets: readonly HostOnlyNet[],
  addrs: readonly HostAddress[],
  routes: readonly HostRoute[],
): Clash[] {
  return nets.flatMap((net) => overlapsOf(net, addrs, routes).clashes);
}

/** Broader routes and networks (a VPN's 192.168.0.0/16, or 0/1 + 128.0/1) that contain a host-only network: not clashes, worth a warning. */
export function findBroaderRoutes(
  nets: readonly HostOnlyNet[],
  addrs: readonly HostAddress[],
  routes: readonly HostRoute[],
): Clash[] {
  return nets.flatMap((net) => overlapsOf(net, addrs, routes).broader);
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

/** A /24 inside `within` (default 192.168.56.0/21) that no address, equal-or-more-specific route or other host-only network collides with. */
export function suggestFreeSubnet(
  taken: ReadonlyArray<{ readonly address: number; readonly prefix: number }>,
  routes: readonly HostRoute[],
  within: Cidr = DEFAULT_HOST_ONLY_RANGE,
): Cidr | undefined {
  for (let i = 0; i < 2 ** Math.max(0, 24 - within.prefix); i++) {
    const candidate = cidrOf(within.base + i * 256, 24);
    const inTheWay =
      taken.some((t) => collides(candidate, networkOf(t), 'interface')) ||
      routes.some((r) => r.dst.prefix > 0 && collides(candidate, r.dst, 'route'));
    if (!inTheWay) return candidate;
  }
  return undefined;
}

/** How a broader route is named in words: the 0/1 + 128.0/1 pair a VPN installs instead of a default route is named as a pair. */
export function describeBroader(c: Clash, routes: readonly HostRoute[]): string {
  if (c.via === 'interface') return `the network ${formatCidr(c.otherRange)} of ${c.other}`;
  const pair = c.otherRange.prefix === 1 && routes.filter((r) => r.dev === c.other && r.dst.prefix === 1).length === 2;
  return pair
    ? `the routes 0.0.0.0/1 and 128.0.0.0/1 through ${c.other} (a VPN's replacement for the default route)`
    : `the route to ${formatCidr(c.otherRange)} through ${c.other}`;
}
