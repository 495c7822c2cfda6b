import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  cidrsOverlap,
  formatCidr,
  maskToPrefix,
  parseCidr,
  parseIpv4,
  type Cidr,
} from '../../server/network/ipv4';
import { parseNetworksConf } from '../../server/network/networks-conf';
import {
  describeRule,
  findDuplicateHostOnly,
  findBroaderRoutes,
  findHostOnlyClashes,
  hostOnlyRangeRule,
  isRangeAllowed,
  suggestFreeSubnet,
  type HostAddress,
  type HostOnlyNet,
} from '../../server/network/host-only-rules';

const cidr = (text: string): Cidr => {
  const c = parseCidr(text);
  if (!c) throw new Error(`bad cidr ${text}`);
  return c;
};
const net = (name: string, ip: string, prefix = 24): HostOnlyNet => ({ name, address: parseIpv4(ip) ?? 0, prefix });
const addr = (ifname: string, ip: string, prefix: number): HostAddress => ({
  ifname,
  address: parseIpv4(ip) ?? 0,
  prefix,
});

describe('IPv4 and CIDR', () => {
  it.each([
    ['192.168.56.1', true],
    ['256.1.1.1', false],
    ['1.2.3', false],
    ['01.2.3.4x', false],
  ])('parseIpv4(%s) valid: %s', (text, ok) => {
    expect(parseIpv4(text) !== undefined).toBe(ok);
  });

  it.each([
    ['255.255.255.0', 24],
    ['255.255.248.0', 21],
    ['0xffffff00', 24],
    ['0xffffffff', 32],
    ['0.0.0.0', 0],
    ['255.0.255.0', undefined],
  ])('mask %s → /%s', (mask, prefix) => {
    expect(maskToPrefix(mask)).toBe(prefix);
  });

  it('clears host bits', () => {
    expect(formatCidr(cidr('192.168.57.77/21'))).toBe('192.168.56.0/21');
  });

  it.each([
    ['192.168.56.0/21', '192.168.63.0/24', true, true],
    ['192.168.56.0/21', '192.168.64.0/24', false, false],
    ['192.168.56.0/24', '192.168.56.0/22', false, true],
    ['10.0.0.0/8', '10.255.255.255/32', true, true],
    ['0.0.0.0/0', '203.0.113.0/24', true, true],
  ])('%s contains %s: %s, overlaps: %s', (a, b, contains, overlaps) => {
    expect(cidrContains(cidr(a), cidr(b))).toBe(contains);
    expect(cidrsOverlap(cidr(a), cidr(b))).toBe(overlaps);
    expect(cidrsOverlap(cidr(b), cidr(a))).toBe(overlaps);
  });
});

describe('/etc/vbox/networks.conf', () => {
  it('absent file', () => {
    expect(parseNetworksConf(undefined)).toEqual({ kind: 'absent' });
  });

  it('ranges, comments, IPv6 and junk', () => {
    const conf = parseNetworksConf(
      '# allow the lab\n* 10.0.0.0/8 192.168.0.0/16 # private\n* 2001::/64\nnot-a-rule 1.2.3.0/24\n* 300.1.1.0/24\n',
    );
    expect(conf.kind === 'present' && conf.ipv4.map(formatCidr)).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    expect(conf.kind === 'present' && conf.ipv6).toEqual(['2001::/64']);
    expect(conf.kind === 'present' && conf.invalid).toEqual(['300.1.1.0/24']);
  });

  it('an empty file allows nothing', () => {
    expect(parseNetworksConf('')).toEqual({ kind: 'present', ipv4: [], ipv6: [], invalid: [] });
  });
});

describe('the host-only range rule (VirtualBox ≥ 6.1.28)', () => {
  const absent = parseNetworksConf(undefined);
  it.each([
    ['7.0.14r161095', 'linux', absent, '192.168.56.1', true],
    ['7.0.14r161095', 'linux', absent, '192.168.63.1', true],
    ['7.0.14r161095', 'linux', absent, '192.168.99.1', false],
    ['7.0.14r161095', 'darwin', absent, '192.168.33.10', false],
    ['6.1.26r145957', 'linux', absent, '192.168.99.1', true],
    ['6.1.28r147628', 'linux', absent, '192.168.99.1', false],
    ['7.0.14r161095', 'win32', absent, '192.168.99.1', true],
    ['7.0.14r161095', 'linux', parseNetworksConf('* 10.0.0.0/8 192.168.0.0/16\n'), '192.168.99.1', true],
    ['7.0.14r161095', 'linux', parseNetworksConf('* 10.0.0.0/8\n'), '192.168.56.1', false],
    ['7.0.14r161095', 'linux', parseNetworksConf('* 0.0.0.0/0 ::/0\n'), '172.16.5.1', true],
    ['7.0.14r161095', 'linux', parseNetworksConf(''), '192.168.56.1', false],
    ['7.0.14r161095', 'linux', parseNetworksConf('# only comments\n'), '192.168.56.1', false],
  ])('VirtualBox %s on %s, %j: %s allowed = %s', (version, platform, conf, ip, allowed) => {
    expect(isRangeAllowed(net('vboxnet0', ip), hostOnlyRangeRule(version, platform, conf))).toBe(allowed);
  });

  it('says where the rule comes from', () => {
    expect(describeRule(hostOnlyRangeRule('7.0.14', 'linux', absent))).toBe(
      "192.168.56.0/21 (VirtualBox's default; no /etc/vbox/networks.conf)",
    );
    expect(describeRule(hostOnlyRangeRule('7.0.14', 'linux', parseNetworksConf('')))).toBe(
      '/etc/vbox/networks.conf allows no IPv4 range',
    );
    expect(describeRule(hostOnlyRangeRule('6.1.26', 'linux', absent))).toBe(
      'VirtualBox 6.1.26 predates the range restriction of 6.1.28',
    );
  });
});

describe('clashes and duplicates', () => {
  const vboxnet0 = net('vboxnet0', '192.168.56.1');

  it('the adapter itself and the default route are not clashes', () => {
    const addrs = [addr('lo', '127.0.0.1', 8), addr('eth0', '192.0.2.2', 24), addr('vboxnet0', '192.168.56.1', 24)];
    const routes = [
      { dst: cidr('0.0.0.0/0'), dev: 'eth0' },
      { dst: cidr('192.168.56.0/24'), dev: 'vboxnet0' },
    ];
    expect(findHostOnlyClashes([vboxnet0], addrs, routes)).toEqual([]);
  });

  it('names the Wi-Fi interface on an overlapping network', () => {
    const clashes = findHostOnlyClashes([vboxnet0], [addr('wlp2s0', '192.168.57.20', 22)], []);
    expect(clashes.map((c) => `${c.other} ${formatCidr(c.otherRange)} ${c.via}`)).toEqual([
      'wlp2s0 192.168.56.0/22 interface',
    ]);
  });

  it('a VPN route that swallows the subnet is broader, not a clash (issue 12: the /24 wins)', () => {
    const routes = [{ dst: cidr('192.168.0.0/16'), dev: 'tun0' }];
    expect(findHostOnlyClashes([vboxnet0], [], routes)).toEqual([]);
    expect(
      findBroaderRoutes([vboxnet0], [], routes).map((c) => `${c.other} ${formatCidr(c.otherRange)} ${c.via}`),
    ).toEqual(['tun0 192.168.0.0/16 route']);
  });

  it('finds two adapters with the same IP, and not distinct ones', () => {
    const pairs = findDuplicateHostOnly([vboxnet0, net('vboxnet1', '192.168.56.1'), net('vboxnet2', '192.168.57.1')]);
    expect(pairs.map(([a, b]) => `${a.name}=${b.name}`)).toEqual(['vboxnet0=vboxnet1']);
  });

  it('suggests the first free /24 of 192.168.56.0/21', () => {
    expect(formatCidr(suggestFreeSubnet([vboxnet0, addr('wlan0', '192.168.57.3', 24)], [])!)).toBe('192.168.58.0/24');
    expect(suggestFreeSubnet([addr('wlan0', '192.168.0.1', 16)], [])).toBeUndefined();
  });
});
