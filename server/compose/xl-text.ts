// The `.xl` of one service: a PVH domain with one vif per network and the boot arguments.
export interface XlVif {
  readonly bridge: string;
  readonly mac: string;
}

export interface XlSpec {
  readonly name: string;
  readonly kernel: string;
  readonly memoryMb: number;
  readonly vifs: readonly XlVif[];
  readonly cmdline: string;
  readonly ramdisk?: string | undefined;
  readonly tscMode?: string | undefined;
}

export function xlText(s: XlSpec): string {
  const vifs = s.vifs.map((v) => `'bridge=${v.bridge},mac=${v.mac}'`).join(', ');
  return [
    `name = '${s.name}'`,
    `type = 'pvh'`,
    `kernel = '${s.kernel}'`,
    ...(s.ramdisk !== undefined ? [`ramdisk = '${s.ramdisk}'`] : []),
    `memory = ${s.memoryMb}`,
    ...(s.tscMode !== undefined ? [`tsc_mode = '${s.tscMode}'`] : []),
    `vcpus = 1`,
    `on_crash = 'preserve'`,
    ...(s.vifs.length > 0 ? [`vif = [ ${vifs} ]`] : []),
    `cmdline = '${s.cmdline}'`,
    '',
  ].join('\n');
}

/** Mirage 4 network arguments for the first interface, then the service's own arguments. */
export function bootArguments(
  ipv4: { address: string; prefix: number; gateway: string } | undefined,
  args: readonly string[],
): string {
  const net = ipv4 ? [`--ipv4=${ipv4.address}/${ipv4.prefix}`, `--ipv4-gateway=${ipv4.gateway}`] : [];
  return [...net, ...args].join(' ');
}
