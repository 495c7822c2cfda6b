import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion, versionText } from '../../server/checks/parsers/version';
import { isXlPermissionDenied, parseXlInfo, parseXlList } from '../../server/checks/parsers/xl';
import {
  parseDhcpServers,
  parseHostOnlyIfs,
  parseHostOnlyNets,
  parseVmList,
} from '../../server/checks/parsers/vbox-lists';
import { parseShowVmInfo, vmNic } from '../../server/checks/parsers/vbox-vminfo';
import { bridgesOf, parseIpAddrJson, parseIpLinkJson, parseIpRouteJson } from '../../server/checks/parsers/ip-json';
import { parseBsdDestination, parseIfconfig, parseNetstatRoutes } from '../../server/checks/parsers/macos-net';
import { parseXlConfig } from '../../server/checks/parsers/xl-config';
import { countHelloLines, parseSolo5Console } from '../../server/checks/parsers/console';
import { parseOsRelease, parseUname } from '../../server/checks/parsers/os-release';
import { parseBrifListing } from '../../server/checks/defs/dom0';
import { parseSwitchList } from '../../server/checks/defs/opam';
import { formatCidr, formatIpv4 } from '../../server/network/ipv4';
import { toolCapture, toolText } from '../fixtures/tools/load';

describe('version numbers', () => {
  it.each([
    ['2.1.2', [2, 1, 2], '2.1.2'],
    ['The OCaml toplevel, version 4.12.0', [4, 12, 0], '4.12.0'],
    ['The OCaml toplevel, version 4.13.1\n', [4, 13, 1], '4.13.1'],
    ['4.14.1', [4, 14, 1], '4.14.1'],
    ['7.0.14r161095', [7, 0, 14], '7.0.14'],
    ['4.17.4-pre', [4, 17, 4], '4.17.4'],
    ['5.1.1+flambda', [5, 1, 1], '5.1.1'],
  ])('%j → %j', (text, parts, shown) => {
    expect(parseVersion(text)).toEqual(parts);
    expect(versionText(text)).toBe(shown);
  });

  it('finds no version in %%VERSION%% or prose', () => {
    expect(parseVersion('%%VERSION%%')).toBeUndefined();
    expect(parseVersion('opam: command not found')).toBeUndefined();
  });

  it.each([
    [[2, 0, 5], [2, 1, 0], -1],
    [[2, 1], [2, 1, 0], 0],
    [[4, 12, 0], [4, 12, 1], -1],
    [[4, 13, 1], [4, 12, 1], 1],
    [[10, 0], [9, 9, 9], 1],
  ])('compare %j with %j', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});

describe('xl', () => {
  it('parses the xl info sample of Xen 4.17', () => {
    const info = parseXlInfo(toolText('xen/xl-info-4.17.txt'));
    expect(info.get('xen_version')).toBe('4.17.4');
    expect(info.get('xen_extra')).toBe('.4');
    expect(info.get('virt_caps')).toBe(
      'pv hvm hvm_directio pv_directio hap shadow iommu_hap_pt_share gnttab-v1 gnttab-v2',
    );
    expect(info.get('host')).toBe('localhost.localdomain');
  });

  it('parses the xl list sample, header left out', () => {
    expect(parseXlList(toolText('xen/xl-list.txt'))).toEqual([
      { name: 'Domain-0', id: 0, memMb: 1896, vcpus: 1, state: 'r-----' },
      { name: 'www', id: 33, memMb: 256, vcpus: 1, state: '-b----' },
    ]);
  });

  it('recognises the non-root Permission denied and nothing else', () => {
    expect(isXlPermissionDenied(toolText('xen/xl-info-non-root.stderr.txt'))).toBe(true);
    expect(isXlPermissionDenied('sudo: a password is required')).toBe(false);
  });
});

describe('VBoxManage lists', () => {
  it('parses the hostonlyifs sample (VirtualBox 4.x, blank IPV6Address)', () => {
    const [ifc, ...rest] = parseHostOnlyIfs(toolText('vbox/list-hostonlyifs-4x.txt'));
    expect(rest).toEqual([]);
    expect(ifc?.name).toBe('vboxnet0');
    expect(formatIpv4(ifc?.address ?? 0)).toBe('192.168.56.1');
    expect(ifc?.prefix).toBe(24);
    expect(ifc?.networkName).toBe('HostInterfaceNetworking-vboxnet0');
  });

  it('parses two 6.1 adapters with the Wireless line', () => {
    const ifs = parseHostOnlyIfs(toolText('vbox/list-hostonlyifs-6.1-two.composed.txt'));
    expect(ifs.map((i) => [i.name, formatIpv4(i.address ?? 0), i.prefix])).toEqual([
      ['vboxnet0', '192.168.56.1', 24],
      ['vboxnet1', '192.168.99.1', 24],
    ]);
  });

  it('keeps each hostonlynets record whole across the blank line inside it', () => {
    const nets = parseHostOnlyNets(toolText('vbox/list-hostonlynets-7.composed.txt'));
    expect(nets.map((n) => [n.name, n.enabled, n.lowerIpText, n.prefix, n.networkName])).toEqual([
      ['HostNetwork', true, '192.168.56.1', 24, 'hostonly-HostNetwork'],
      ['Lab', false, '192.168.57.1', 24, 'hostonly-Lab'],
    ]);
  });

  it('parses 6.1+ dhcpservers with their indented sub-blocks', () => {
    expect(parseDhcpServers(toolText('vbox/list-dhcpservers-7.composed.txt'))).toEqual([
      {
        networkName: 'HostInterfaceNetworking-vboxnet0',
        ip: '192.168.56.100',
        lowerIp: '192.168.56.101',
        upperIp: '192.168.56.254',
        enabled: true,
      },
      { networkName: 'NatNetwork', ip: '10.0.2.3', lowerIp: '10.0.2.4', upperIp: '10.0.2.254', enabled: false },
    ]);
  });

  it('parses older dhcpservers (IP:, lowerIPAddress:)', () => {
    expect(parseDhcpServers(toolText('vbox/list-dhcpservers-5.composed.txt'))).toEqual([
      {
        networkName: 'HostInterfaceNetworking-vboxnet0',
        ip: '192.168.56.100',
        lowerIp: '192.168.56.101',
        upperIp: '192.168.56.254',
        enabled: false,
      },
      {
        networkName: 'HostInterfaceNetworking-vboxnet1',
        ip: '192.168.99.6',
        lowerIp: '192.168.99.100',
        upperIp: '192.168.99.254',
        enabled: true,
      },
    ]);
  });

  it('leaves "<inaccessible>" VMs out of list vms', () => {
    expect(parseVmList(toolText('vbox/list-vms-inaccessible.txt'))).toEqual([
      { name: 'coreos-vagrant_core-01_1396879384360_17481', uuid: '29f0fc4c-b3e6-432a-ba8d-28af412a46b3' },
    ]);
  });

  it('parses showvminfo --machinereadable and NIC 2', () => {
    const info = parseShowVmInfo(toolText('vbox/showvminfo-gitlab.txt'));
    expect(info.get('name')).toBe('gitlab');
    expect(info.get('nested-hw-virt')).toBe('off');
    expect(info.get('memory')).toBe('1024');
    expect(vmNic(info, 2)).toEqual({ slot: 2, mode: 'hostonly', network: 'vboxnet0', promisc: 'allow-all' });
    expect(vmNic(parseShowVmInfo('nic2="hostonlynetwork"\nhostonly-network2="HostNetwork"\n'), 2).network).toBe(
      'HostNetwork',
    );
  });
});

describe('iproute2 JSON (captured on this machine)', () => {
  it('reads IPv4 addresses of ip -j addr', () => {
    const addrs = parseIpAddrJson(toolCapture('linux/host-ip-addr.json').stdout);
    expect(addrs?.map((a) => `${a.ifname} ${formatIpv4(a.address)}/${a.prefix}`)).toEqual([
      'lo 127.0.0.1/8',
      'eth0 192.0.2.2/24',
    ]);
  });

  it('reads ip -j route, default as 0.0.0.0/0', () => {
    const routes = parseIpRouteJson(toolCapture('linux/host-ip-route.json').stdout);
    expect(routes?.map((r) => `${formatCidr(r.dst)} ${r.dev}`)).toEqual(['0.0.0.0/0 eth0', '192.0.2.0/24 eth0']);
  });

  it('finds no bridge on this machine and the bridge of a dom0', () => {
    expect(bridgesOf(parseIpLinkJson(toolCapture('linux/ip-link-no-bridge.json').stdout) ?? [])).toEqual([]);
    expect(bridgesOf(parseIpLinkJson(toolCapture('linux/dom0-ip-link-bridge.composed.json').stdout) ?? [])).toEqual([
      { name: 'br0', members: ['enp0s8', 'vif1.0'] },
    ]);
  });

  it('refuses text that is not ip JSON', () => {
    expect(parseIpAddrJson('Option "-j" is unknown, try "ip -help".')).toBeUndefined();
    expect(parseIpLinkJson('{"not":"an array"}')).toBeUndefined();
  });

  it('reads /sys/class/net/*/brif listings', () => {
    expect(parseBrifListing('br0: enp0s8 vif3.0\nxenbr1:\n')).toEqual([
      { name: 'br0', members: ['enp0s8', 'vif3.0'] },
      { name: 'xenbr1', members: [] },
    ]);
  });
});

describe('macOS ifconfig and netstat', () => {
  it('reads inet lines with hex masks, point-to-point included', () => {
    expect(
      parseIfconfig(toolText('macos/ifconfig.composed.txt')).map(
        (a) => `${a.ifname} ${formatIpv4(a.address)}/${a.prefix}`,
      ),
    ).toEqual(['lo0 127.0.0.1/8', 'en0 192.168.1.23/24', 'utun3 10.8.0.6/32', 'vboxnet0 192.168.56.1/24']);
  });

  it.each([
    ['default', '0.0.0.0/0'],
    ['127', '127.0.0.0/8'],
    ['192.168.1', '192.168.1.0/24'],
    ['10.8/16', '10.8.0.0/16'],
    ['192.168.1.1/32', '192.168.1.1/32'],
    ['169.254', '169.254.0.0/16'],
  ])('BSD destination %s is %s', (dst, cidr) => {
    const parsed = parseBsdDestination(dst);
    expect(parsed && formatCidr(parsed)).toBe(cidr);
  });

  it('takes the interface from the Netif column', () => {
    const routes = parseNetstatRoutes(toolText('macos/netstat-rn-inet.composed.txt'));
    expect(routes.find((r) => formatCidr(r.dst) === '10.8.0.0/16')?.dev).toBe('utun3');
    expect(routes.find((r) => formatCidr(r.dst) === '192.168.56.0/24')?.dev).toBe('vboxnet0');
    expect(routes).toHaveLength(8);
  });
});

describe('.xl files', () => {
  it.each([
    ["vif = [ 'bridge=br0' ]", ['br0']],
    ['vif=["bridge=xenbr0"]', ['xenbr0']],
    ["vif = [ 'mac=00:16:3e:00:00:01, bridge = virbr0 ' ]", ['virbr0']],
    ["vif = [\n  'bridge=br0',\n  'bridge=br1' # second\n]", ['br0', 'br1']],
    ["vif = [ 'mac=00:16:3e:00:00:01' ]", [undefined]],
    ["# vif = [ 'bridge=old' ]\ndisk = [ ]", []],
  ])('%j → bridges %j', (text, bridges) => {
    expect(parseXlConfig(text).vifBridges).toEqual(bridges);
  });

  it('reads name, kernel and type as mirage writes them', () => {
    const config = parseXlConfig(
      "name = 'hello'\nkernel = 'hello.xen'\ntype = 'pvh'\nmemory = 256\non_crash = 'preserve'\ndisk = [ ]\nvif = [ 'bridge=br0' ]\n",
    );
    expect(config).toEqual({ name: 'hello', kernel: 'hello.xen', type: 'pvh', vifBridges: ['br0'] });
  });
});

describe('consoles', () => {
  const mirage4 = [
    '2024-04-14T14:15:22+02:00: [INFO] [application] hello',
    '2024-04-14T14:15:23+02:00: [INFO] [application] hello',
  ].join('\n');
  const older =
    '2018-06-21 12:16:28 -00:00: INF [application] hello\r\n2018-06-21 12:16:29 -00:00: INF [application] hello\n';

  it('counts hello lines in both log formats and nothing else', () => {
    expect(countHelloLines(mirage4)).toBe(2);
    expect(countHelloLines(older)).toBe(2);
    expect(countHelloLines('2024-04-14T14:15:22+02:00: [INFO] [application] hello world')).toBe(0);
    expect(countHelloLines('Hello, World')).toBe(0);
  });

  it('parses the Solo5 preamble and exit of the measured console', () => {
    expect(parseSolo5Console(toolText('xen/solo5-test-hello-console.txt'))).toEqual({
      started: true,
      bindingsVersion: 'v0.12.1-7-g469c1a8',
      memoryMb: 32,
      exitCode: 0,
      abort: undefined,
      helloLines: 0,
    });
  });

  it('finds an abort', () => {
    const console =
      'Solo5: Xen console: port 0x2, ring @0x00000000FEFFF000\nSolo5: trap: type=#PF ec=0x2 rip=0x107332 rsp=0x1ffff0 rbp=0x1ffff0\nSolo5: ABORT: cpu_x86_64.c:182: Fatal trap\n';
    expect(parseSolo5Console(console).abort).toBe('Solo5: ABORT: cpu_x86_64.c:182: Fatal trap');
    expect(parseSolo5Console(console).exitCode).toBeUndefined();
  });
});

describe('opam switch list (captured)', () => {
  it('finds the current switch', () => {
    expect(parseSwitchList(toolCapture('opam/switch-list-one-switch.json').stdout)).toEqual({
      switches: ['default'],
      current: 'default',
    });
    expect(parseSwitchList(toolCapture('opam/switch-list-no-switch.json').stdout)).toEqual({
      switches: [],
      current: undefined,
    });
    expect(
      parseSwitchList(
        '#  switch  compiler  description\n   4.14.2  ocaml-base-compiler.4.14.2  4.14.2\n->  5.1.1  ocaml-base-compiler.5.1.1  5.1.1\n',
      ),
    ).toEqual({ switches: ['4.14.2', '5.1.1'], current: '5.1.1' });
  });
});

describe('host', () => {
  it('reads uname -sm and os-release', () => {
    expect(parseUname('Darwin arm64\n')).toEqual({ kernel: 'Darwin', arch: 'arm64' });
    expect(parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n').get('PRETTY_NAME')).toBe(
      'Debian GNU/Linux 12 (bookworm)',
    );
  });
});
