// dnsmasq in dom0 as one command reports it: systemd's unit state, the guide's
// /etc/dnsmasq.d/onramp.conf (what the dom0-dnsmasq step writes), UDP listeners (`ss -Huln`,
// iproute2) and IPv4 addresses (`ip -j -4 addr`). Pure parsers; the command is DNSMASQ_FACTS_SCRIPT.
import type { HostAddress } from '../../network/host-only-rules';
import { parseIpv4 } from '../../network/ipv4';
import { parseIpAddrJson } from './ip-json';

/** The file the chapter's dom0-dnsmasq step writes (content/dom0.mdx). */
export const ONRAMP_DNSMASQ_CONF = '/etc/dnsmasq.d/onramp.conf';

const MISSING = '@@missing';

/** One command, no root needed (onramp.conf is 0644, `ss` without -p, `systemctl is-*` as any user). */
export const DNSMASQ_FACTS_SCRIPT = [
  'echo @@enabled; systemctl is-enabled dnsmasq 2>&1',
  'echo @@active; systemctl is-active dnsmasq 2>&1',
  `echo @@conf; if [ -r ${ONRAMP_DNSMASQ_CONF} ]; then cat ${ONRAMP_DNSMASQ_CONF}; else echo ${MISSING}; fi`,
  'echo @@udp; ss -Huln 2>&1',
  'echo @@addr; ip -j -4 addr 2>&1',
].join('; ');

/** onramp.conf's settings (the step writes interface, bind-interfaces, except-interface, dhcp-range). */
export interface OnrampDnsmasqConf {
  readonly interfaces: readonly string[];
  readonly bindInterfaces: boolean;
  /** `dhcp-range=FIRST,LAST[,MASK][,LEASE]` (the first one), addresses as numbers. */
  readonly range?: { readonly first: number; readonly last: number; readonly text: string };
}

/** A UDP socket bound to port 67 (DHCP): `0.0.0.0%br0:67` → address 0.0.0.0, device br0. */
export interface DhcpListener {
  readonly local: string;
  readonly address: string;
  readonly device?: string;
}

export interface DnsmasqFacts {
  /** `systemctl is-enabled dnsmasq`: `enabled`, `disabled`, `masked`…, or its error line. */
  readonly enabled: string;
  /** `systemctl is-active dnsmasq`: `active`, `inactive`, `failed`, `activating`… */
  readonly active: string;
  /** undefined when onramp.conf does not exist. */
  readonly conf?: OnrampDnsmasqConf;
  readonly dhcpListeners: readonly DhcpListener[];
  /** undefined when `ip -j -4 addr` printed no JSON. */
  readonly addresses?: readonly HostAddress[];
}

function sections(text: string): Map<string, string> | undefined {
  const found = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const marker = /^@@(enabled|active|conf|udp|addr)$/.exec(line.trim());
    if (marker?.[1]) {
      current = [];
      found.set(marker[1], current);
    } else current?.push(line);
  }
  if (!['enabled', 'active', 'conf', 'udp', 'addr'].every((name) => found.has(name))) return undefined;
  return new Map([...found].map(([name, lines]) => [name, lines.join('\n').trim()]));
}

/** onramp.conf's text → its settings (comments and unknown keys ignored). */
export function parseOnrampConf(text: string): OnrampDnsmasqConf {
  const interfaces: string[] = [];
  let bindInterfaces = false;
  let range: OnrampDnsmasqConf['range'];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const [key = '', value = ''] = line.split(/=(.*)/s).map((s) => s.trim());
    if (key === 'interface')
      interfaces.push(
        ...value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    else if (key === 'bind-interfaces') bindInterfaces = true;
    else if (key === 'dhcp-range' && range === undefined) {
      const [first = '', last = ''] = value.split(',').map((s) => s.trim());
      const a = parseIpv4(first);
      const b = parseIpv4(last);
      if (a !== undefined && b !== undefined) range = { first: a, last: b, text: `${first}-${last}` };
    }
  }
  return { interfaces, bindInterfaces, ...(range ? { range } : {}) };
}

/** `ss -Huln` lines → the sockets on UDP port 67 (IPv4 and IPv6, `%dev` kept apart). */
export function parseDhcpListeners(text: string): DhcpListener[] {
  const listeners: DhcpListener[] = [];
  for (const line of text.split('\n')) {
    const local = line.trim().split(/\s+/)[3];
    const m = local ? /^(.*?)(?:%([^:\]]+))?:67$/.exec(local) : null;
    if (!local || !m || m[1] === undefined) continue;
    listeners.push({ local, address: m[1], ...(m[2] ? { device: m[2] } : {}) });
  }
  return listeners;
}

/** The script's output → facts; undefined when its sections are not all there (it did not run as written). */
export function parseDnsmasqFacts(stdout: string): DnsmasqFacts | undefined {
  const s = sections(stdout);
  if (!s) return undefined;
  const conf = s.get('conf') ?? '';
  const addresses = parseIpAddrJson(s.get('addr') ?? '');
  return {
    enabled: (s.get('enabled') ?? '').split('\n')[0]?.trim() ?? '',
    active: (s.get('active') ?? '').split('\n')[0]?.trim() ?? '',
    ...(conf === MISSING ? {} : { conf: parseOnrampConf(conf) }),
    dhcpListeners: parseDhcpListeners(s.get('udp') ?? ''),
    ...(addresses ? { addresses } : {}),
  };
}
