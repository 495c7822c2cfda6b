import { describe, expect, it } from 'vitest';
import { formatCidr, formatIpv4, parseCidr, parseIpv4 } from '../../server/network/ipv4';
import { parseNetworksConf } from '../../server/network/networks-conf';
import { describePlan, hostOnlyMode, planHostOnly, type PlanInput } from '../../server/network/plan-host-only';
import type { HostAddress, HostRoute } from '../../server/network/host-only-rules';
import { parseDhcpServers, parseHostOnlyIfs, parseHostOnlyNets } from '../../server/checks/parsers/vbox-lists';
import { parseIpAddrJson, parseIpRouteJson } from '../../server/checks/parsers/ip-json';
import { parseIfconfig } from '../../server/checks/parsers/macos-net';
import { toolCapture, toolText } from '../fixtures/tools/load';

const addr = (ifname: string, cidr: string): HostAddress => {
  const [ip, len] = cidr.split('/');
  return { ifname, address: parseIpv4(ip ?? '') ?? 0, prefix: Number(len) };
};
const route = (dst: string, dev: string): HostRoute => ({ dst: parseCidr(dst) ?? { base: 0, prefix: 0 }, dev });
const req = (cidr: string) => {
  const [ip, len] = cidr.split('/');
  return { hostIp: parseIpv4(ip ?? '') ?? 0, prefix: Number(len) };
};

// The test machine's own interfaces and routes (ip -j addr / ip -j route, captured).
const realAddrs = parseIpAddrJson(toolCapture('linux/host-ip-addr.json').stdout) ?? [];
const realRoutes = parseIpRouteJson(toolCapture('linux/host-ip-route.json').stdout) ?? [];

const base: PlanInput = {
  vboxVersion: '7.0.14r161095',
  platform: 'linux',
  networksConf: parseNetworksConf(undefined),
  hostAddrs: realAddrs,
  routes: realRoutes,
  hostOnlyIfs: [],
  hostOnlyNets: [],
  dhcpServers: [],
  netName: 'onramp-lab',
};

const docker = parseHostOnlyIfs(toolText('vbox/list-hostonlyifs-6.1-two.composed.txt'));

function chosen(input: PlanInput): string {
  const result = planHostOnly(input);
  if (!result.ok) throw new Error(result.error.problems.join('\n'));
  return `${formatIpv4(result.value.hostIp)}/${result.value.subnet.prefix}`;
}

function refused(input: PlanInput): string {
  const result = planHostOnly(input);
  if (result.ok) throw new Error(`expected a refusal, got ${describePlan(result.value)}`);
  return result.error.problems.join('\n');
}

describe('choosing a free subnet', () => {
  it.each<[string, Partial<PlanInput>, string]>([
    ['an empty host takes the first /24 of 192.168.56.0/21', {}, '192.168.56.1/24'],
    [
      "docker-machine's vboxnet0 on 192.168.56.1 pushes it to .57",
      {
        hostOnlyIfs: docker,
        hostAddrs: [...realAddrs, addr('vboxnet0', '192.168.56.1/24'), addr('vboxnet1', '192.168.99.1/24')],
      },
      '192.168.57.1/24',
    ],
    [
      'Wi-Fi on 192.168.56.23/24 and a VPN route to 192.168.57.0/24',
      { hostAddrs: [addr('wlan0', '192.168.56.23/24')], routes: [route('192.168.57.0/24', 'tun0')] },
      '192.168.58.1/24',
    ],
    [
      'a docker bridge on 192.168.56.0/22 takes four /24s',
      { hostAddrs: [addr('br-1a2b3c', '192.168.56.1/22')] },
      '192.168.60.1/24',
    ],
    [
      'an enabled VirtualBox DHCP server on another network at 192.168.56.100',
      { dhcpServers: [{ networkName: 'NatNetwork', ip: '192.168.56.100', lowerIp: '', upperIp: '', enabled: true }] },
      '192.168.57.1/24',
    ],
    [
      'networks.conf "* 10.0.0.0/8" only: the lab lands in 10/8',
      { networksConf: parseNetworksConf('# lab\n* 10.0.0.0/8\n'), hostAddrs: [addr('eth0', '10.0.0.5/24')] },
      '10.0.1.1/24',
    ],
    [
      'networks.conf "* 0.0.0.0/0 ::/0" lifts the rule',
      { networksConf: parseNetworksConf('* 0.0.0.0/0 ::/0\n') },
      '0.0.0.1/24',
    ],
    [
      'networks.conf with a /28 only',
      { networksConf: parseNetworksConf('* 192.168.100.16/28\n') },
      '192.168.100.17/28',
    ],
    [
      'VirtualBox 6.1.26 has no range rule; default range first',
      {
        vboxVersion: '6.1.26r145957',
        hostAddrs: [addr('vboxnet0', '192.168.56.1/24')],
        hostOnlyIfs: docker.slice(0, 1),
      },
      '192.168.57.1/24',
    ],
    [
      'VirtualBox 7 on macOS: host-only networks with blank lines in their records',
      { platform: 'darwin', hostOnlyNets: parseHostOnlyNets(toolText('vbox/list-hostonlynets-7.composed.txt')) },
      '192.168.58.1/24',
    ],
    [
      'macOS ifconfig (en0 192.168.1.23, vboxnet0 192.168.56.1)',
      {
        platform: 'darwin',
        vboxVersion: '6.1.50',
        hostAddrs: parseIfconfig(toolText('macos/ifconfig.composed.txt')),
        routes: [],
        hostOnlyIfs: docker.slice(0, 1),
      },
      '192.168.57.1/24',
    ],
  ])('%s', (_what, over, expected) => {
    expect(chosen({ ...base, ...over })).toBe(expected);
  });

  it('the plan follows the guide: host .1, dom0 .5, unikernels .150–.199, a new adapter', () => {
    const result = planHostOnly(base);
    expect(result.ok && describePlan(result.value)).toBe(
      '192.168.56.0/24 (a new adapter): host 192.168.56.1, dom0 192.168.56.5, unikernels 192.168.56.150–192.168.56.199',
    );
    expect(result.ok && result.value.mode).toBe('hostonlyif');
  });

  it('a /28 from networks.conf still fits dom0 and unikernels', () => {
    const result = planHostOnly({ ...base, networksConf: parseNetworksConf('* 192.168.100.16/28\n') });
    expect(result.ok && describePlan(result.value)).toBe(
      '192.168.100.16/28 (a new adapter): host 192.168.100.17, dom0 192.168.100.21, unikernels 192.168.100.24–192.168.100.30',
    );
  });

  it('macOS VirtualBox 7 plans a named host-only network', () => {
    const result = planHostOnly({ ...base, platform: 'darwin' });
    expect(result.ok && result.value.adapter).toEqual({ kind: 'create', name: 'onramp-lab' });
    expect(result.ok && result.value.mode).toBe('hostonlynet');
  });

  it('the whole /21 taken: explains and names the range', () => {
    const full = [56, 57, 58, 59, 60, 61, 62, 63].map((n, i) => addr(`tap${i}`, `192.168.${n}.9/24`));
    expect(refused({ ...base, hostAddrs: full })).toMatch(/no free \/24 .*192\.168\.56\.0\/21 \(VirtualBox's default/);
  });

  it('an empty networks.conf allows nothing', () => {
    expect(refused({ ...base, networksConf: parseNetworksConf('# nothing\n') })).toMatch(
      /networks.conf allows no IPv4 range/,
    );
  });
});

describe('a requested subnet', () => {
  it.each<[string, Partial<PlanInput>, string, RegExp]>([
    [
      "docker-machine's old 192.168.99.1/24 under the /21 rule",
      {},
      '192.168.99.1/24',
      /outside the ranges VirtualBox allows.*192\.168\.56\.0\/21.*E_ACCESSDENIED.*"\* 192\.168\.99\.0\/24"/,
    ],
    [
      'the same network as Wi-Fi names wlan0',
      { hostAddrs: [addr('wlan0', '192.168.56.23/24')] },
      '192.168.56.1/24',
      /is the network of interface wlan0 \(192\.168\.56\.23\/24\)/,
    ],
    [
      'an equal VPN route names tun0',
      { routes: [route('192.168.58.0/24', 'tun0')] },
      '192.168.58.1/24',
      /192\.168\.58\.0\/24 is the network of a route to 192\.168\.58\.0\/24 via tun0/,
    ],
    [
      'the same IP as vboxnet0 with another mask',
      { hostOnlyIfs: docker },
      '192.168.56.1/23',
      /host-only adapter vboxnet0 \(192\.168\.56\.1\/24\) already has the address 192\.168\.56\.1/,
    ],
    ['overlapping vboxnet0', { hostOnlyIfs: docker }, '192.168.56.9/24', /overlaps host-only adapter vboxnet0/],
    [
      'a VirtualBox 7 host-only network',
      { platform: 'darwin', hostOnlyNets: parseHostOnlyNets(toolText('vbox/list-hostonlynets-7.composed.txt')) },
      '192.168.57.10/24',
      /overlaps host-only network Lab \(192\.168\.57\.1\/24\)/,
    ],
    ['the network address itself', {}, '192.168.56.0/24', /network or broadcast address .* use 192\.168\.56\.1\/24/],
    ['a /30 is too small', {}, '192.168.56.1/30', /too small/],
    [
      'a host-only network name already used with another range',
      {
        platform: 'darwin',
        hostOnlyNets: parseHostOnlyNets(
          toolText('vbox/list-hostonlynets-7.composed.txt').replaceAll('Lab', 'onramp-lab'),
        ),
      },
      '192.168.60.1/24',
      /named onramp-lab already exists/,
    ],
  ])('%s', (_what, over, request, message) => {
    const result = planHostOnly({ ...base, ...over, requested: req(request) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.problems.join('\n')).toMatch(message);
  });

  it('a refusal suggests a free subnet', () => {
    const result = planHostOnly({ ...base, hostOnlyIfs: docker, requested: req('192.168.99.1/24') });
    expect(!result.ok && result.error.suggestion && formatCidr(result.error.suggestion.subnet)).toBe('192.168.57.0/24');
  });

  it('an existing adapter with exactly that address is reused, and its DHCP server removed (old and new list formats)', () => {
    for (const file of ['vbox/list-dhcpservers-5.composed.txt', 'vbox/list-dhcpservers-7.composed.txt']) {
      const result = planHostOnly({
        ...base,
        hostOnlyIfs: docker,
        dhcpServers: parseDhcpServers(toolText(file)),
        requested: req('192.168.56.1/24'),
      });
      expect(result.ok && result.value.adapter).toEqual({ kind: 'reuse', name: 'vboxnet0' });
      expect(result.ok && result.value.removeDhcp).toEqual(['HostInterfaceNetworking-vboxnet0']);
    }
  });

  it('allowed by networks.conf "* 10.0.0.0/8 192.168.0.0/16"', () => {
    expect(
      chosen({
        ...base,
        networksConf: parseNetworksConf('* 10.0.0.0/8 192.168.0.0/16\n'),
        requested: req('192.168.99.1/24'),
      }),
    ).toBe('192.168.99.1/24');
  });
});

describe('host-only mode', () => {
  it.each([
    ['7.0.14r161095', 'darwin', 'hostonlynet'],
    ['7.1.4', 'linux', 'hostonlyif'],
    ['6.1.50r161033', 'darwin', 'hostonlyif'],
    ['7.0.0', 'win32', 'hostonlyif'],
  ])('VirtualBox %s on %s → %s', (version, platform, mode) => {
    expect(hostOnlyMode(version, platform)).toBe(mode);
  });
});
