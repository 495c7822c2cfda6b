// /etc/vbox/networks.conf (VirtualBox ≥ 6.1.28): the ranges host-only adapters may use on Linux and macOS.
import { parseCidr, type Cidr } from './ipv4';

export type NetworksConf =
  | { readonly kind: 'absent' }
  | {
      readonly kind: 'present';
      readonly ipv4: readonly Cidr[];
      readonly ipv6: readonly string[];
      /** Ranges that could not be read, quoted for the user. */
      readonly invalid: readonly string[];
    };

/** `undefined` text means the file does not exist. Lines are `* RANGE RANGE...`; `#` starts a comment. */
export function parseNetworksConf(text: string | undefined): NetworksConf {
  if (text === undefined) return { kind: 'absent' };
  const ipv4: Cidr[] = [];
  const ipv6: string[] = [];
  const invalid: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line.startsWith('*')) continue;
    for (const range of line.slice(1).trim().split(/\s+/).filter(Boolean)) {
      if (range.includes(':')) {
        ipv6.push(range);
        continue;
      }
      const cidr = range.includes('/') ? parseCidr(range) : undefined;
      if (cidr) ipv4.push(cidr);
      else invalid.push(range);
    }
  }
  return { kind: 'present', ipv4, ipv6, invalid };
}
