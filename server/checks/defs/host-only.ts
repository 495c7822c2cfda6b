// hostonly-network, hostonly-clash, hostonly-dhcp-off: the VirtualBox network between host and dom0.
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, fix, passed, warning } from '../outcome';
import { shellCommand } from '../shell-command';
import { formatCidr, formatIpv4 } from '../../network/ipv4';
import type { NetworksConf } from '../../network/networks-conf';
import {
  describeRule,
  findDuplicateHostOnly,
  describeBroader,
  findBroaderRoutes,
  findHostOnlyClashes,
  hostOnlyRangeRule,
  isRangeAllowed,
  networkOf,
  suggestFreeSubnet,
  type HostAddress,
  type HostRoute,
} from '../../network/host-only-rules';
import { parseDhcpServers } from '../parsers/vbox-lists';
import { vboxVersionLine } from './virtualbox';
import {
  gatherHostNetwork,
  gatherHostOnly,
  hostNetworkFrom,
  hostOnlyNetsFrom,
  networksConfFrom,
  pickHostOnlyNet,
  type KnownHostOnlyNet,
} from './host-only-facts';

function label(net: KnownHostOnlyNet): string {
  return `${net.name} (${formatIpv4(net.address)}/${net.prefix})`;
}

function moveCommands(net: KnownHostOnlyNet | undefined, ip: string): string[] {
  if (net?.kind === 'network')
    return [
      shellCommand(
        'VBoxManage',
        'hostonlynet',
        'modify',
        `--name=${net.name}`,
        '--netmask=255.255.255.0',
        `--lower-ip=${ip}`,
        `--upper-ip=${ip.replace(/\.1$/, '.199')}`,
      ),
    ];
  return [
    shellCommand(
      'VBoxManage',
      'hostonlyif',
      'ipconfig',
      net?.name ?? 'vboxnet0',
      '--ip',
      ip,
      '--netmask',
      '255.255.255.0',
    ),
  ];
}

function createCommands(hostPlatform: string): string[] {
  if (hostPlatform === 'darwin')
    return [
      'VBoxManage hostonlynet add --name=HostNetwork --netmask=255.255.255.0 --lower-ip=192.168.56.1 --upper-ip=192.168.56.199 --enable',
    ];
  return [
    'VBoxManage hostonlyif create',
    'VBoxManage hostonlyif ipconfig vboxnet0 --ip 192.168.56.1 --netmask 255.255.255.0',
  ];
}

export interface HostOnlyNetworkFacts {
  readonly nets: readonly KnownHostOnlyNet[];
  readonly wanted: string | undefined;
  readonly vboxVersion: string;
  readonly hostPlatform: string;
  readonly conf: NetworksConf;
}

export function decideHostOnlyNetwork(f: HostOnlyNetworkFacts): Verdict {
  const expected = 'a host-only network such as vboxnet0 at 192.168.56.1/24';
  const net = pickHostOnlyNet(f.nets, f.wanted);
  if (f.nets.length === 0) {
    return failed(
      'no VirtualBox host-only network exists',
      'no host-only network',
      expected,
      fix('Create a host-only network for dom0.', createCommands(f.hostPlatform), 'host-only-missing'),
    );
  }
  if (!net) {
    return failed(
      `the host-only network ${f.wanted ?? ''} does not exist`,
      `host-only networks: ${f.nets.map((n) => n.name).join(', ')}`,
      `a host-only network named ${f.wanted ?? ''}`,
      fix('Create it, or point Onramp at one that exists.', createCommands(f.hostPlatform), 'host-only-missing'),
    );
  }
  if (net.address === 0) {
    return failed(
      `${net.name} has no IPv4 address`,
      `${net.name} with IPAddress "${net.ipText}"`,
      expected,
      fix('Give it an address in 192.168.56.0/21.', moveCommands(net, '192.168.56.1'), 'host-only-missing'),
    );
  }
  const rule = hostOnlyRangeRule(f.vboxVersion, f.hostPlatform, f.conf);
  const range = formatCidr(networkOf(net));
  if (!isRangeAllowed(net, rule)) {
    return failed(
      `${label(net)} is outside the ranges VirtualBox ${f.vboxVersion} allows for host-only networks: ${describeRule(rule)}; VirtualBox refuses it with E_ACCESSDENIED`,
      `${net.name} on ${range}`,
      `a network inside ${describeRule(rule)}`,
      fix(
        `Move ${net.name} into 192.168.56.0/21, or allow its range in /etc/vbox/networks.conf.`,
        [...moveCommands(net, '192.168.56.1'), `echo '* ${range}' | sudo tee -a /etc/vbox/networks.conf`],
        'host-only-range',
      ),
    );
  }
  return passed(
    `${label(net)} on ${range}`,
    rule.kind === 'restricted' ? `allowed by ${describeRule(rule)}` : rule.why,
  );
}

export interface HostOnlyClashFacts {
  readonly nets: readonly KnownHostOnlyNet[];
  readonly wanted: string | undefined;
  readonly addrs: readonly HostAddress[];
  readonly routes: readonly HostRoute[];
}

export function decideHostOnlyClash(f: HostOnlyClashFacts): Verdict {
  const net = pickHostOnlyNet(f.nets, f.wanted);
  if (!net) return { status: 'error', reason: 'no host-only network to examine' };
  const range = formatCidr(networkOf(net));
  const free = suggestFreeSubnet([...f.nets, ...f.addrs], f.routes);
  const freeIp = free ? formatIpv4(free.base + 1) : undefined;
  const move = freeIp ? moveCommands(net, freeIp) : [];
  const moveSummary = free
    ? `Move ${net.name} to a free network: ${formatCidr(free)} is free.`
    : `Move ${net.name} to a network nothing else uses.`;
  const duplicate = findDuplicateHostOnly(f.nets).find(([a, b]) => a.name === net.name || b.name === net.name);
  if (duplicate) {
    const [a, b] = duplicate;
    const other = a.name === net.name ? b : a;
    return failed(
      `${label(a)} and ${label(b)} are on the same network: two host-only adapters on one network break routing to dom0`,
      `${label(a)}, ${label(b)}`,
      `${net.name} alone on ${range}`,
      fix(
        `Remove ${other.name} if nothing uses it, or move one of them to a free network${free ? ` such as ${formatCidr(free)}` : ''}.`,
        [
          other.kind === 'adapter'
            ? shellCommand('VBoxManage', 'hostonlyif', 'remove', other.name)
            : shellCommand('VBoxManage', 'hostonlynet', 'remove', `--name=${other.name}`),
        ],
        'host-only-clash',
      ),
    );
  }
  const clash = findHostOnlyClashes([net], f.addrs, f.routes)[0];
  const broader = clash ? undefined : findBroaderRoutes([net], f.addrs, f.routes)[0];
  if (broader) {
    const what = describeBroader(broader, f.routes);
    return warning(
      `${label(net)} lies inside ${what}: the host-only ${range} is more specific and wins, but some VPN clients block local traffic while they are connected`,
      `${net.name} on ${range}; ${broader.other} on ${formatCidr(broader.otherRange)}`,
      `${range} used by ${net.name} alone`,
      fix(
        `If dom0 does not answer while ${broader.other} is up, allow local network (LAN) access in the VPN client's settings, or disconnect it.`,
        [],
        'host-only-clash',
      ),
    );
  }
  if (clash) {
    const what =
      clash.via === 'interface'
        ? `the interface ${clash.other} (${formatCidr(clash.otherRange)})`
        : `a route to ${formatCidr(clash.otherRange)} through ${clash.other}`;
    return failed(
      `${label(net)} overlaps ${what}: traffic for dom0 may leave through ${clash.other} instead (a Wi-Fi, LAN or VPN on the same addresses)`,
      `${net.name} on ${range}; ${clash.other} on ${formatCidr(clash.otherRange)}`,
      `${range} used by ${net.name} alone`,
      fix(moveSummary, move, 'host-only-clash'),
    );
  }
  return passed(`${range} (${net.name}) overlaps none of ${f.addrs.length} addresses and ${f.routes.length} routes`);
}

export function decideHostOnlyDhcp(net: KnownHostOnlyNet | undefined, dhcp: ExecOutput): Verdict {
  const cannot = couldNotRun(dhcp, 'VBoxManage list dhcpservers');
  if (cannot) return cannot;
  if (!net) return { status: 'error', reason: 'no host-only network to examine' };
  if (dhcp.exitCode !== 0)
    return failed(
      'VBoxManage list dhcpservers failed',
      describeOutput(dhcp),
      `no enabled DHCP server on ${net.name}`,
      fix('Run the command yourself to see the full error.', ['VBoxManage list dhcpservers'], 'host-only-dhcp'),
    );
  const server = parseDhcpServers(dhcp.stdout).find((s) => s.networkName === net.networkName);
  if (server?.enabled) {
    return failed(
      `VirtualBox's DHCP server is enabled on ${net.name} (at ${server.ip}, leasing ${server.lowerIp}–${server.upperIp}): it competes with dom0's own DHCP for the unikernels`,
      `DHCP server for ${server.networkName}: enabled`,
      `no enabled DHCP server on ${net.name}`,
      fix(
        `Disable VirtualBox's DHCP server on ${net.name}.`,
        [shellCommand('VBoxManage', 'dhcpserver', 'modify', '--netname', server.networkName, '--disable')],
        'host-only-dhcp',
      ),
    );
  }
  return passed(server ? `DHCP server for ${server.networkName}: disabled` : `no DHCP server for ${net.networkName}`);
}

export const hostOnlyNetwork: CheckDefinition = {
  id: 'hostonly-network',
  async run(ctx) {
    const nets = hostOnlyNetsFrom(await gatherHostOnly(ctx));
    const version = await ctx.exec({ argv: ['VBoxManage', '--version'] });
    const confOut = await ctx.exec({ argv: ['cat', '/etc/vbox/networks.conf'] });
    const conf = networksConfFrom(confOut);
    if (!conf) return { status: 'error', reason: `could not read /etc/vbox/networks.conf: ${describeOutput(confOut)}` };
    return decideHostOnlyNetwork({
      nets,
      wanted: ctx.settings.hostOnlyNetwork,
      vboxVersion: vboxVersionLine(version.stdout) ?? '',
      hostPlatform: ctx.hostPlatform,
      conf,
    });
  },
};

export const hostOnlyClash: CheckDefinition = {
  id: 'hostonly-clash',
  async run(ctx) {
    const nets = hostOnlyNetsFrom(await gatherHostOnly(ctx));
    const outputs = await gatherHostNetwork(ctx);
    const host = hostNetworkFrom(outputs);
    if (!host)
      return {
        status: 'error',
        reason: `could not read the host's addresses and routes: ${describeOutput(outputs.addrs.exitCode !== 0 ? outputs.addrs : outputs.routes)}`,
      };
    return decideHostOnlyClash({ nets, wanted: ctx.settings.hostOnlyNetwork, ...host });
  },
};

export const hostOnlyDhcpOff: CheckDefinition = {
  id: 'hostonly-dhcp-off',
  async run(ctx) {
    const net = pickHostOnlyNet(hostOnlyNetsFrom(await gatherHostOnly(ctx)), ctx.settings.hostOnlyNetwork);
    return decideHostOnlyDhcp(net, await ctx.exec({ argv: ['VBoxManage', 'list', 'dhcpservers'] }));
  },
};
