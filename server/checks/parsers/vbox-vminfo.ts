// `VBoxManage showvminfo NAME --machinereadable`: key="value" or key=value lines.

export function parseShowVmInfo(text: string): ReadonlyMap<string, string> {
  const info = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let key = line.slice(0, eq);
    let value = line.slice(eq + 1);
    if (key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!info.has(key)) info.set(key, value);
  }
  return info;
}

export interface VmNic {
  readonly slot: number;
  /** "nat", "hostonly", "hostonlynetwork", "bridged", "none"... */
  readonly mode: string;
  /** The host-only adapter or network it is attached to, when host-only. */
  readonly network: string | undefined;
  readonly promisc: string | undefined;
}

export function vmNic(info: ReadonlyMap<string, string>, slot: number): VmNic {
  return {
    slot,
    mode: info.get(`nic${slot}`) ?? 'none',
    network: info.get(`hostonlyadapter${slot}`) ?? info.get(`hostonly-network${slot}`),
    promisc: info.get(`nicpromisc${slot}`),
  };
}
