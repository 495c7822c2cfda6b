// The facts the host-only checks share: VirtualBox's host-only networks, networks.conf, the host's
// addresses and routes. Gathering is thin; turning outputs into facts is pure.
import type { ExecOutput } from '../../runners/types';
import type { CheckContext } from '../types';
import type { HostAddress, HostOnlyNet, HostRoute } from '../../network/host-only-rules';
import { parseNetworksConf, type NetworksConf } from '../../network/networks-conf';
import { parseHostOnlyIfs, parseHostOnlyNets } from '../parsers/vbox-lists';
import { parseIpAddrJson, parseIpRouteJson } from '../parsers/ip-json';
import { parseIfconfig, parseIfconfigNames, parseNetstatRoutes, resolveCutNetifs } from '../parsers/macos-net';

/** A host-only network with the name VirtualBox's DHCP servers use for it. */
export interface KnownHostOnlyNet extends HostOnlyNet {
  readonly networkName: string;
  readonly ipText: string;
  /** `hostonlyifs` adapters (vboxnet0) or VirtualBox 7 `hostonlynets` (macOS). */
  readonly kind: 'adapter' | 'network';
}

export interface HostOnlyOutputs {
  readonly hostonlyifs: ExecOutput;
  readonly hostonlynets: ExecOutput | undefined;
}

export function hostOnlyNetsFrom(outputs: HostOnlyOutputs): KnownHostOnlyNet[] {
  const nets: KnownHostOnlyNet[] = [];
  if (outputs.hostonlyifs.exitCode === 0) {
    for (const i of parseHostOnlyIfs(outputs.hostonlyifs.stdout)) {
      nets.push({
        name: i.name,
        address: i.address ?? 0,
        prefix: i.prefix ?? 32,
        networkName: i.networkName,
        ipText: i.ipText,
        kind: 'adapter',
      });
    }
  }
  if (outputs.hostonlynets?.exitCode === 0) {
    for (const n of parseHostOnlyNets(outputs.hostonlynets.stdout)) {
      nets.push({
        name: n.name,
        address: n.lowerIp ?? 0,
        prefix: n.prefix ?? 32,
        networkName: n.networkName,
        ipText: n.lowerIpText,
        kind: 'network',
      });
    }
  }
  return nets;
}

/** The network meant for dom0: the named one, else vboxnet0, else the first. */
export function pickHostOnlyNet(
  nets: readonly KnownHostOnlyNet[],
  wanted: string | undefined,
): KnownHostOnlyNet | undefined {
  if (wanted !== undefined) return nets.find((n) => n.name === wanted);
  return nets.find((n) => n.name === 'vboxnet0') ?? nets[0];
}

/** `cat /etc/vbox/networks.conf`: a missing file is "absent"; an unreadable one is reported by the caller. */
export function networksConfFrom(out: ExecOutput): NetworksConf | undefined {
  if (out.exitCode === 0) return parseNetworksConf(out.stdout);
  if (/No such file/i.test(out.stderr)) return parseNetworksConf(undefined);
  return undefined;
}

export interface HostNetworkOutputs {
  readonly platform: string;
  readonly addrs: ExecOutput;
  readonly routes: ExecOutput;
}

export function hostNetworkFrom(o: HostNetworkOutputs): { addrs: HostAddress[]; routes: HostRoute[] } | undefined {
  if (o.addrs.exitCode !== 0 || o.routes.exitCode !== 0) return undefined;
  if (o.platform === 'darwin') {
    const addrs = parseIfconfig(o.addrs.stdout);
    const names = parseIfconfigNames(o.addrs.stdout);
    return { addrs, routes: resolveCutNetifs(parseNetstatRoutes(o.routes.stdout), names, addrs) };
  }
  const addrs = parseIpAddrJson(o.addrs.stdout);
  const routes = parseIpRouteJson(o.routes.stdout);
  return addrs && routes ? { addrs, routes } : undefined;
}

export async function gatherHostOnly(ctx: CheckContext): Promise<HostOnlyOutputs> {
  const hostonlyifs = await ctx.exec({ argv: ['VBoxManage', 'list', 'hostonlyifs'] });
  const hostonlynets =
    ctx.hostPlatform === 'darwin' ? await ctx.exec({ argv: ['VBoxManage', 'list', 'hostonlynets'] }) : undefined;
  return { hostonlyifs, hostonlynets };
}

export async function gatherHostNetwork(ctx: CheckContext): Promise<HostNetworkOutputs> {
  const darwin = ctx.hostPlatform === 'darwin';
  const addrs = await ctx.exec({ argv: darwin ? ['ifconfig'] : ['ip', '-j', 'addr'] });
  const routes = await ctx.exec({ argv: darwin ? ['netstat', '-rn', '-f', 'inet'] : ['ip', '-j', 'route'] });
  return { platform: ctx.hostPlatform, addrs, routes };
}
