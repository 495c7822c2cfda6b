// iproute2's JSON output (`ip -j addr`, `ip -j route`, `ip -j -d link`) on Linux hosts and dom0.
import { z } from 'zod';
import { parseCidr, parseIpv4 } from '../../network/ipv4';
import type { HostAddress, HostRoute } from '../../network/host-only-rules';

const AddrInfo = z
  .object({ family: z.string(), local: z.string().optional(), prefixlen: z.number().optional() })
  .loose();
const IpAddrEntry = z.object({ ifname: z.string(), addr_info: z.array(AddrInfo).optional() }).loose();
const IpRouteEntry = z.object({ dst: z.string(), dev: z.string().optional() }).loose();
const IpLinkEntry = z
  .object({
    ifname: z.string(),
    master: z.string().optional(),
    link_type: z.string().optional(),
    operstate: z.string().optional(),
    linkinfo: z.object({ info_kind: z.string().optional(), info_slave_kind: z.string().optional() }).loose().optional(),
  })
  .loose();

function parseJsonArray<T>(text: string, schema: z.ZodType<T>): T[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = z.array(schema).safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** IPv4 addresses per interface; undefined when the text is not `ip -j addr` output. */
export function parseIpAddrJson(text: string): HostAddress[] | undefined {
  const entries = parseJsonArray(text, IpAddrEntry);
  if (!entries) return undefined;
  const addrs: HostAddress[] = [];
  for (const entry of entries) {
    for (const info of entry.addr_info ?? []) {
      const address = info.family === 'inet' && info.local ? parseIpv4(info.local) : undefined;
      if (address !== undefined && info.prefixlen !== undefined)
        addrs.push({ ifname: entry.ifname, address, prefix: info.prefixlen });
    }
  }
  return addrs;
}

/** IPv4 routes with a destination block; `default` becomes 0.0.0.0/0. */
export function parseIpRouteJson(text: string): HostRoute[] | undefined {
  const entries = parseJsonArray(text, IpRouteEntry);
  if (!entries) return undefined;
  const routes: HostRoute[] = [];
  for (const entry of entries) {
    const dst = entry.dst === 'default' ? parseCidr('0.0.0.0/0') : parseCidr(entry.dst);
    if (dst && entry.dev) routes.push({ dst, dev: entry.dev });
  }
  return routes;
}

export interface LinkInfo {
  readonly ifname: string;
  readonly kind: string | undefined;
  readonly master: string | undefined;
  readonly up: boolean;
}

/** `ip -j -d link`: every link with its kind (bridge, dummy, vif...) and the bridge it is enslaved to. */
export function parseIpLinkJson(text: string): LinkInfo[] | undefined {
  const entries = parseJsonArray(text, IpLinkEntry);
  if (!entries) return undefined;
  return entries.map((e) => ({
    ifname: e.ifname,
    kind: e.linkinfo?.info_kind,
    master: e.master,
    up: e.operstate === 'UP' || e.operstate === 'UNKNOWN',
  }));
}

export interface BridgeInfo {
  readonly name: string;
  readonly members: readonly string[];
}

export function bridgesOf(links: readonly LinkInfo[]): BridgeInfo[] {
  return links
    .filter((l) => l.kind === 'bridge')
    .map((b) => ({ name: b.ifname, members: links.filter((l) => l.master === b.ifname).map((l) => l.ifname) }));
}

/** Guest-side and virtual links that do not connect a bridge to the outside: Xen vifs, taps, veths, bridges. */
export function isVirtualLink(link: { readonly ifname: string; readonly kind?: string | undefined }): boolean {
  return (
    /^(vif|tap|veth|virbr|docker|lo$)/.test(link.ifname) ||
    link.kind === 'bridge' ||
    link.kind === 'veth' ||
    link.kind === 'tun'
  );
}
