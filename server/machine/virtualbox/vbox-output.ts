// VBoxManage outputs the driver reads beyond the listings: `hostonlyif create` and a VM's
// NAT port forwards and storage in `showvminfo --machinereadable`.

/** `Interface 'vboxnet1' was successfully created` → `vboxnet1`. */
export function createdHostOnlyIf(stdout: string): string | undefined {
  return /Interface '([^']+)' was successfully created/.exec(stdout)?.[1];
}

export interface NatForward {
  readonly name: string;
  readonly proto: string;
  readonly hostIp: string;
  readonly hostPort: number;
  readonly guestIp: string;
  readonly guestPort: number;
}

/** `Forwarding(0)="ssh,tcp,127.0.0.1,2222,,22"` entries of a machine-readable showvminfo. */
export function natForwards(info: ReadonlyMap<string, string>): NatForward[] {
  const out: NatForward[] = [];
  for (const [key, value] of info) {
    if (!/^Forwarding\(\d+\)$/.test(key)) continue;
    const [name, proto, hostIp, hostPort, guestIp, guestPort] = value.split(',');
    if (name === undefined || guestPort === undefined) continue;
    out.push({
      name,
      proto: proto ?? '',
      hostIp: hostIp ?? '',
      hostPort: Number(hostPort),
      guestIp: guestIp ?? '',
      guestPort: Number(guestPort),
    });
  }
  return out;
}

export function storageControllers(info: ReadonlyMap<string, string>): string[] {
  return [...info].filter(([k]) => /^storagecontrollername\d+$/.test(k)).map(([, v]) => v);
}

/** `"SATA-0-0"="/path/disk.vdi"`: the medium at a controller port, or undefined when empty. */
export function attachedMedium(
  info: ReadonlyMap<string, string>,
  controller: string,
  port: number,
): string | undefined {
  const medium = info.get(`${controller}-${port}-0`);
  return medium === undefined || medium === 'none' || medium === 'emptydrive' ? undefined : medium;
}
