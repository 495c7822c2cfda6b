// `VBoxManage list hostonlyifs | hostonlynets | dhcpservers | vms`: records of "Key:   value" lines.
// A record starts at its first key, never at a blank line: `list hostonlynets` prints a blank line
// inside each record, and `list dhcpservers` (6.1+) has indented sub-blocks.
import { maskToPrefix, parseIpv4 } from '../../network/ipv4';

type KeyValues = ReadonlyMap<string, string>;

/** Top-level `Key: value` lines grouped into records, each starting at `firstKey`; keys lower-cased. */
export function splitRecords(text: string, firstKey: string): KeyValues[] {
  const records: Map<string, string>[] = [];
  const first = firstKey.toLowerCase();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z][A-Za-z0-9 ]*?):\s*(.*?)\s*$/.exec(line.replace(/\r$/, ''));
    if (!match?.[1]) continue;
    const key = match[1].toLowerCase();
    if (key === first) records.push(new Map());
    const current = records.at(-1);
    if (current && !current.has(key)) current.set(key, match[2] ?? '');
  }
  return records;
}

export interface HostOnlyIf {
  readonly name: string;
  readonly address: number | undefined;
  readonly prefix: number | undefined;
  readonly ipText: string;
  readonly networkName: string;
}

/** `VBoxManage list hostonlyifs` (Linux, Windows, macOS before VirtualBox 7). */
export function parseHostOnlyIfs(text: string): HostOnlyIf[] {
  return splitRecords(text, 'Name').map((r) => ({
    name: r.get('name') ?? '',
    address: parseIpv4(r.get('ipaddress') ?? ''),
    prefix: maskToPrefix(r.get('networkmask') ?? ''),
    ipText: r.get('ipaddress') ?? '',
    networkName: r.get('vboxnetworkname') ?? `HostInterfaceNetworking-${r.get('name') ?? ''}`,
  }));
}

export interface HostOnlyNetRecord {
  readonly name: string;
  readonly enabled: boolean;
  readonly lowerIp: number | undefined;
  readonly upperIp: number | undefined;
  readonly prefix: number | undefined;
  readonly lowerIpText: string;
  readonly networkName: string;
}

/** `VBoxManage list hostonlynets` (VirtualBox 7 on macOS). */
export function parseHostOnlyNets(text: string): HostOnlyNetRecord[] {
  return splitRecords(text, 'Name').map((r) => ({
    name: r.get('name') ?? '',
    enabled: (r.get('state') ?? '').toLowerCase() === 'enabled',
    lowerIp: parseIpv4(r.get('lowerip') ?? ''),
    upperIp: parseIpv4(r.get('upperip') ?? ''),
    prefix: maskToPrefix(r.get('networkmask') ?? ''),
    lowerIpText: r.get('lowerip') ?? '',
    networkName: r.get('vboxnetworkname') ?? `hostonly-${r.get('name') ?? ''}`,
  }));
}

export interface DhcpServer {
  readonly networkName: string;
  readonly ip: string;
  readonly lowerIp: string;
  readonly upperIp: string;
  readonly enabled: boolean;
}

/** `VBoxManage list dhcpservers`: 6.1+ (`Dhcpd IP:`, `LowerIPAddress:`) and older (`IP:`, `lowerIPAddress:`). */
export function parseDhcpServers(text: string): DhcpServer[] {
  return splitRecords(text, 'NetworkName').map((r) => ({
    networkName: r.get('networkname') ?? '',
    ip: r.get('dhcpd ip') ?? r.get('ip') ?? '',
    lowerIp: r.get('loweripaddress') ?? '',
    upperIp: r.get('upperipaddress') ?? '',
    enabled: (r.get('enabled') ?? '').toLowerCase() === 'yes',
  }));
}

export interface VmEntry {
  readonly name: string;
  readonly uuid: string;
}

/** `VBoxManage list vms`: `"name" {uuid}` lines; `"<inaccessible>"` entries are left out. */
export function parseVmList(text: string): VmEntry[] {
  const vms: VmEntry[] = [];
  for (const line of text.split('\n')) {
    const match = /^"(.*)"\s+\{([0-9a-fA-F-]+)\}\s*$/.exec(line.trim());
    if (!match?.[1] || !match[2] || match[1] === '<inaccessible>') continue;
    vms.push({ name: match[1], uuid: match[2] });
  }
  return vms;
}
