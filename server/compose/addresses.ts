// Static IPv4 addresses from each network's subnet: explicit ones stay, the others get the next
// free host address, skipping the network and broadcast addresses, the gateway and taken ones.
import { formatIpv4, parseCidr, parseIpv4 } from '../network/ipv4';
import type { Result } from '../../protocol/result';

export interface NetworkSpec {
  readonly subnet: string;
  readonly gateway?: string | undefined;
}

/** The gateway given, or the subnet's first host address. */
export function gatewayOf(net: NetworkSpec): string {
  if (net.gateway !== undefined) return net.gateway;
  const c = parseCidr(net.subnet);
  return c ? formatIpv4(c.base + 1) : '';
}

export interface AddressRequest {
  readonly service: string;
  readonly ipv4?: string;
}

/** Success maps each service to its address. */
export type AddressAssignment = Result<ReadonlyMap<string, string>>;

/** Addresses for the members of one network; requests without an address are served in the order given. */
export function assignAddresses(net: NetworkSpec, members: readonly AddressRequest[]): AddressAssignment {
  const c = parseCidr(net.subnet);
  if (!c) return { ok: false, error: `"${net.subnet}" is not a subnet like 10.10.0.0/24` };
  const taken = new Set<number>([parseIpv4(gatewayOf(net)) ?? -1]);
  for (const m of members) if (m.ipv4 !== undefined) taken.add(parseIpv4(m.ipv4) ?? -1);
  const size = 2 ** (32 - c.prefix);
  const first = size > 2 ? c.base + 1 : c.base;
  const last = size > 2 ? c.base + size - 2 : c.base + size - 1;
  const addresses = new Map<string, string>();
  let next = first;
  for (const m of members) {
    if (m.ipv4 !== undefined) {
      addresses.set(m.service, m.ipv4);
      continue;
    }
    while (next <= last && taken.has(next)) next++;
    if (next > last)
      return {
        ok: false,
        error: `subnet ${net.subnet} has no free address left for service "${m.service}": use a larger subnet`,
      };
    taken.add(next);
    addresses.set(m.service, formatIpv4(next));
  }
  return { ok: true, value: addresses };
}
