// macOS `ifconfig` and `netstat -rn -f inet`: the host's IPv4 addresses and routes (no `ip` there).
import { cidrOf, cidrsOverlap, parseIpv4, maskToPrefix, type Cidr } from '../../network/ipv4';
import type { HostAddress, HostRoute } from '../../network/host-only-rules';

export function parseIfconfig(text: string): HostAddress[] {
  const addrs: HostAddress[] = [];
  let ifname = '';
  for (const line of text.split('\n')) {
    const header = /^([A-Za-z0-9_.-]+): flags=/.exec(line);
    if (header?.[1]) {
      ifname = header[1];
      continue;
    }
    const inet = /^\s+inet (\d+\.\d+\.\d+\.\d+)(?: --> \S+)? netmask (0x[0-9a-fA-F]{8}|\d+\.\d+\.\d+\.\d+)/.exec(line);
    if (!inet?.[1] || !inet[2] || !ifname) continue;
    const address = parseIpv4(inet[1]);
    const prefix = maskToPrefix(inet[2]);
    if (address !== undefined && prefix !== undefined) addrs.push({ ifname, address, prefix });
  }
  return addrs;
}

/** Every interface `ifconfig` lists (with or without an IPv4 address). */
export function parseIfconfigNames(text: string): string[] {
  return [...text.matchAll(/^([A-Za-z0-9_.-]+): flags=/gm)].map((m) => m[1] ?? '').filter((n) => n !== '');
}

/**
 * Older macOS cuts `netstat -rn`'s interface column (`vboxnet` for vboxnet0): give each route the
 * full name from ifconfig's list, by prefix; when several names share the prefix, the one whose
 * address network holds the route's destination.
 */
export function resolveCutNetifs(
  routes: readonly HostRoute[],
  names: readonly string[],
  addrs: readonly HostAddress[],
): HostRoute[] {
  return routes.map((r) => {
    if (names.includes(r.dev)) return r;
    const candidates = names.filter((n) => n.startsWith(r.dev));
    const holder = candidates.find((n) =>
      addrs.some((a) => a.ifname === n && cidrsOverlap(cidrOf(a.address, a.prefix), r.dst)),
    );
    const full = candidates.length === 1 ? candidates[0] : holder;
    return full === undefined ? r : { ...r, dev: full };
  });
}

/** BSD route destinations are abbreviated: "192.168.1" is 192.168.1.0/24, "10.8/16" is 10.8.0.0/16, "127" is 127.0.0.0/8. */
export function parseBsdDestination(dst: string): Cidr | undefined {
  if (dst === 'default') return { base: 0, prefix: 0 };
  const [addr, len] = dst.split('/');
  if (!addr || !/^\d+(\.\d+){0,3}$/.test(addr)) return undefined;
  const octets = addr.split('.');
  const address = parseIpv4([...octets, '0', '0', '0'].slice(0, 4).join('.'));
  if (address === undefined) return undefined;
  const prefix = len === undefined ? octets.length * 8 : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  return cidrOf(address, prefix);
}

/** `netstat -rn -f inet`; the interface column is found from the header ("Netif"), which moved between macOS versions. */
export function parseNetstatRoutes(text: string): HostRoute[] {
  const routes: HostRoute[] = [];
  let netifColumn = -1;
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols[0] === 'Destination') {
      netifColumn = cols.indexOf('Netif');
      continue;
    }
    if (netifColumn < 0) continue;
    const dst = parseBsdDestination(cols[0] ?? '');
    const dev = cols[netifColumn];
    if (dst && dev) routes.push({ dst, dev });
  }
  return routes;
}
