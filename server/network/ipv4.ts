// IPv4 addresses and CIDR blocks as plain numbers: parse, format, contain, overlap.

/** An IPv4 block: `base` is the network address (host bits cleared), `prefix` 0–32. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function cidrOf(address: number, prefix: number): Cidr {
  return { base: (address & maskOf(prefix)) >>> 0, prefix };
}

/** "192.168.56.0/21" → Cidr; a bare address is a /32. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return undefined;
  const address = parseIpv4(addr);
  if (address === undefined) return undefined;
  if (len === undefined) return cidrOf(address, 32);
  if (!/^[0-9]{1,2}$/.test(len) || Number(len) > 32) return undefined;
  return cidrOf(address, Number(len));
}

/** A dotted netmask ("255.255.255.0") or hex mask ("0xffffff00") to a prefix length; undefined if not contiguous. */
export function maskToPrefix(mask: string): number | undefined {
  const trimmed = mask.trim();
  const value = /^0x[0-9a-f]{8}$/i.test(trimmed) ? Number.parseInt(trimmed.slice(2), 16) : parseIpv4(trimmed);
  if (value === undefined) return undefined;
  for (let prefix = 0; prefix <= 32; prefix++) {
    if (maskOf(prefix) === value) return prefix;
  }
  return undefined;
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.base)}/${c.prefix}`;
}

function lastAddress(c: Cidr): number {
  return c.base + 2 ** (32 - c.prefix) - 1;
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.prefix <= inner.prefix && cidrOf(inner.base, outer.prefix).base === outer.base;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base <= lastAddress(b) && b.base <= lastAddress(a);
}
