// Host-only networks on real hosts (tests/fixtures/tools/real-world): macOS routing tables as macOS
// writes them, VPN route sets, duplicate adapters, and what fills the range when nothing is free.
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../protocol/verdict';
import { decideHostOnlyClash } from '../../server/checks/defs/host-only';
import { hostNetworkFrom, hostOnlyNetsFrom } from '../../server/checks/defs/host-only-facts';
import { parseIfconfig, parseNetstatRoutes } from '../../server/checks/parsers/macos-net';
import { parseHostOnlyIfs } from '../../server/checks/parsers/vbox-lists';
import { formatCidr, formatIpv4, parseCidr, parseIpv4 } from '../../server/network/ipv4';
import { parseNetworksConf } from '../../server/network/networks-conf';
import { planHostOnly, type PlanInput } from '../../server/network/plan-host-only';
import type { HostAddress, HostRoute } from '../../server/network/host-only-rules';
import { execOutput, toolText } from '../fixtures/tools/load';

const rw = (file: string) => toolText(`real-world/${file}`);
const macHost = (ifconfig: string, netstat: string) =>
  hostNetworkFrom({
    platform: 'darwin',
    addrs: execOutput({ stdout: rw(ifconfig) }),
    routes: execOutput({ stdout: rw(netstat) }),
  })!;
const adapters = (file: string) =>
  hostOnlyNetsFrom({ hostonlyifs: execOutput({ stdout: rw(file) }), hostonlynets: undefined });
const vpnWarning = (net: string, range: string, what: string, dev: string, other: string): Verdict => ({
  status: 'warning',
  reason: `${net} lies inside ${what}: the host-only ${range} is more specific and wins, but some VPN clients block local traffic while they are connected`,
  found: `${net.split(' ')[0]} on ${range}; ${dev} on ${other}`,
  expected: `${range} used by ${net.split(' ')[0]} alone`,
  fix: {
    summary: `If dom0 does not answer while ${dev} is up, allow local network (LAN) access in the VPN client's settings, or disconnect it.`,
    commands: [],
    link: '/guide/troubleshooting#host-only-clash',
  },
});

describe('macOS routing tables, read as macOS writes them', () => {
  const nets = adapters('macos-vboxmanage-hostonlyifs.txt');

  it('a working vboxnet0 at 192.168.59.3/24 passes: the cut "vboxnet" column and the own address via lo0 are not clashes', () => {
    const host = macHost('macos-ifconfig-vboxnet.txt', 'macos-netstat-rn-truncated.txt');
    expect(host.routes.filter((r) => r.dev.startsWith('vboxnet')).map((r) => r.dev)).toEqual(['vboxnet0', 'vboxnet0']);
    const passed = { status: 'passed', found: '192.168.59.0/24 (vboxnet0) overlaps none of 3 addresses and 9 routes' };
    expect(decideHostOnlyClash({ nets, wanted: undefined, ...host })).toEqual(passed);
    // the same through the parsers alone (no ifconfig list to resolve the cut names)
    const routes = parseNetstatRoutes(rw('macos-netstat-rn-truncated.txt'));
    const addrs = parseIfconfig(rw('macos-ifconfig-vboxnet.txt'));
    expect(decideHostOnlyClash({ nets, wanted: undefined, addrs, routes })).toEqual(passed);
  });

  it('two adapters both cut to "vboxnet" are told apart by their networks; a VPN 0/1 + 128.0/1 pair is a warning', () => {
    const host = macHost('macos-ifconfig-two-vboxnets.composed.txt', 'macos-netstat-rn-two-vboxnets-vpn.composed.txt');
    expect(host.routes.filter((r) => r.dev.startsWith('vboxnet')).map((r) => r.dev)).toEqual([
      'vboxnet0',
      'vboxnet0',
      'vboxnet1',
    ]);
    const two = adapters('macos-vboxmanage-hostonlyifs-two.composed.txt');
    const pair = "the routes 0.0.0.0/1 and 128.0.0.0/1 through utun4 (a VPN's replacement for the default route)";
    expect(decideHostOnlyClash({ nets: two, wanted: 'vboxnet1', ...host })).toEqual(
      vpnWarning('vboxnet1 (192.168.57.1/24)', '192.168.57.0/24', pair, 'utun4', '128.0.0.0/1'),
    );
  });
});

const addr = (ifname: string, cidr: string): HostAddress => {
  const [ip, len] = cidr.split('/');
  return { ifname, address: parseIpv4(ip ?? '') ?? 0, prefix: Number(len) };
};
const route = (dst: string, dev: string): HostRoute => ({ dst: parseCidr(dst)!, dev });
const base: PlanInput = {
  vboxVersion: '7.0.14r161095',
  platform: 'linux',
  networksConf: parseNetworksConf(undefined),
  hostAddrs: [addr('lo', '127.0.0.1/8'), addr('wlan0', '10.0.1.23/24')],
  routes: [route('0.0.0.0/0', 'wlan0'), route('10.0.1.0/24', 'wlan0')],
  hostOnlyIfs: [],
  hostOnlyNets: [],
  dhcpServers: [],
  netName: 'onramp-lab',
};

describe('a less specific route is not a clash', () => {
  it.each<[string, HostRoute[], string]>([
    [
      'a VPN pushing 192.168.0.0/16 via tun0',
      [route('192.168.0.0/16', 'tun0')],
      '192.168.56.0/24 lies inside a route to 192.168.0.0/16 via tun0: the host-only network is more specific and wins, but some VPN clients block local traffic while they are connected (allow LAN access in the VPN client if dom0 does not answer)',
    ],
    [
      "a client's 0/1 + 128.0/1 pair via tun0",
      [route('0.0.0.0/1', 'tun0'), route('128.0.0.0/1', 'tun0')],
      '192.168.56.0/24 lies inside a route to 128.0.0.0/1 via tun0: the host-only network is more specific and wins, but some VPN clients block local traffic while they are connected (allow LAN access in the VPN client if dom0 does not answer)',
    ],
  ])('%s: plans 192.168.56.0/24 (host .1, dom0 .5) with a warning naming the route', (_what, vpn, warning) => {
    const result = planHostOnly({ ...base, routes: [...base.routes, ...vpn] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const plan = result.value;
    expect([formatCidr(plan.subnet), formatIpv4(plan.hostIp), formatIpv4(plan.dom0Ip), plan.warnings]).toEqual([
      '192.168.56.0/24',
      '192.168.56.1',
      '192.168.56.5',
      [warning],
    ]);
    const net = {
      name: 'vboxnet0',
      address: plan.hostIp,
      prefix: 24,
      networkName: 'HostInterfaceNetworking-vboxnet0',
      ipText: '192.168.56.1',
      kind: 'adapter' as const,
    };
    const routes = [...base.routes, ...vpn];
    const v = decideHostOnlyClash({ nets: [net], wanted: undefined, addrs: base.hostAddrs, routes });
    expect(v.status).toBe('warning');
  });

  it('an equal or more specific route still collides, and the clash check names it', () => {
    for (const dst of ['192.168.56.0/24', '192.168.56.128/25', '192.168.56.7/32']) {
      const routes = [...base.routes, route(dst, 'tun0')];
      const result = planHostOnly({ ...base, routes, requested: { hostIp: parseIpv4('192.168.56.1')!, prefix: 24 } });
      expect(result.ok).toBe(false);
      const net = {
        name: 'vboxnet0',
        address: parseIpv4('192.168.56.1')!,
        prefix: 24,
        networkName: 'x',
        ipText: '192.168.56.1',
        kind: 'adapter' as const,
      };
      const v = decideHostOnlyClash({ nets: [net], wanted: undefined, addrs: base.hostAddrs, routes });
      expect(v.status === 'failed' && v.found).toBe(`vboxnet0 on 192.168.56.0/24; tun0 on ${dst}`);
    }
  });
});

describe('messages say only what is true', () => {
  const twoSame = parseHostOnlyIfs(
    rw('macos-vboxmanage-hostonlyifs-two.composed.txt').replace('192.168.57.1', '192.168.56.1'),
  );

  it('two adapters with the same address and the same mask', () => {
    const result = planHostOnly({
      ...base,
      hostOnlyIfs: twoSame,
      requested: { hostIp: parseIpv4('192.168.56.1')!, prefix: 24 },
    });
    expect(!result.ok && result.error.problems).toEqual([
      'vboxnet1 has the same address as vboxnet0 (192.168.56.1/24): two adapters with the same IP break routing. Remove it (VBoxManage hostonlyif remove vboxnet1) or pick another subnet',
    ]);
  });

  it('no free subnet: names what occupies the first candidates and the broadest', () => {
    const hostAddrs = [
      ...base.hostAddrs,
      addr('docker0', '192.168.56.1/22'),
      addr('br-5f2e', '192.168.60.1/23'),
      addr('wg0', '192.168.62.9/24'),
      addr('tap0', '192.168.63.9/24'),
    ];
    const result = planHostOnly({ ...base, hostAddrs });
    expect(!result.ok && result.error.problems).toEqual([
      "no free /24 for a host-only network in 192.168.56.0/21 (VirtualBox's default; no /etc/vbox/networks.conf): 192.168.56.0/24 is taken by interface docker0 (192.168.56.1/22); 192.168.57.0/24 is taken by interface docker0 (192.168.56.1/22); 192.168.58.0/24 is taken by interface docker0 (192.168.56.1/22); 5 more; the broadest is interface docker0 (192.168.56.1/22), across 4 of them. Free one (e.g. remove an unused vboxnet adapter) or allow another range in /etc/vbox/networks.conf",
    ]);
  });
});
