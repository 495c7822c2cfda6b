// What the planner needs, read from this host and its VirtualBox: interfaces, routes,
// host-only adapters or networks, DHCP servers and /etc/vbox/networks.conf.
import { readFile } from 'node:fs/promises';
import { parseIpAddrJson, parseIpRouteJson } from '../../checks/parsers/ip-json';
import { parseIfconfig, parseNetstatRoutes } from '../../checks/parsers/macos-net';
import { parseDhcpServers, parseHostOnlyIfs, parseHostOnlyNets } from '../../checks/parsers/vbox-lists';
import type { HostAddress, HostRoute } from '../../network/host-only-rules';
import { parseNetworksConf } from '../../network/networks-conf';
import { hostOnlyMode, type PlanInput } from '../../network/plan-host-only';
import { runTool } from '../run-tool';
import type { VBoxManage } from './vboxmanage';

export interface HostNetwork {
  readonly addrs: readonly HostAddress[];
  readonly routes: readonly HostRoute[];
}

export async function readHostNetwork(platform: string = process.platform): Promise<HostNetwork> {
  if (platform === 'darwin') {
    const ifc = await runTool('ifconfig', []);
    const rt = await runTool('netstat', ['-rn', '-f', 'inet']);
    return { addrs: parseIfconfig(ifc.stdout), routes: parseNetstatRoutes(rt.stdout) };
  }
  const addr = await runTool('ip', ['-j', 'addr']).catch(() => undefined);
  const route = await runTool('ip', ['-j', 'route']).catch(() => undefined);
  return { addrs: parseIpAddrJson(addr?.stdout ?? '') ?? [], routes: parseIpRouteJson(route?.stdout ?? '') ?? [] };
}

export async function readNetworksConf(path = '/etc/vbox/networks.conf'): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
}

export interface ProbeOptions {
  readonly vbox: VBoxManage;
  readonly version: string;
  readonly platform: string;
  readonly network: HostNetwork;
  readonly networksConfText: string | undefined;
  readonly netName: string;
}

export async function planInput(opts: ProbeOptions): Promise<Omit<PlanInput, 'requested'>> {
  const mode = hostOnlyMode(opts.version, opts.platform);
  const ifs = mode === 'hostonlyif' ? parseHostOnlyIfs(await opts.vbox.run(['list', 'hostonlyifs'])) : [];
  const nets = mode === 'hostonlynet' ? parseHostOnlyNets(await opts.vbox.run(['list', 'hostonlynets'])) : [];
  return {
    vboxVersion: opts.version,
    platform: opts.platform,
    networksConf: parseNetworksConf(opts.networksConfText),
    hostAddrs: opts.network.addrs,
    routes: opts.network.routes,
    hostOnlyIfs: ifs,
    hostOnlyNets: nets,
    dhcpServers: parseDhcpServers(await opts.vbox.run(['list', 'dhcpservers'])),
    netName: opts.netName,
  };
}
