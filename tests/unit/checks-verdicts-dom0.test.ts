import { describe, expect, it } from 'vitest';
import { decideHostOnlyClash, decideHostOnlyDhcp, decideHostOnlyNetwork } from '../../server/checks/defs/host-only';
import {
  hostNetworkFrom,
  hostOnlyNetsFrom,
  networksConfFrom,
  pickHostOnlyNet,
} from '../../server/checks/defs/host-only-facts';
import { decideVmExists, decideVmNested, decideVmNic, decideVmRunning } from '../../server/checks/defs/dom0-vm';
import { decideDom0Bridge, decideDom0Reachable, decideXlVifBridge } from '../../server/checks/defs/dom0';
import { decideXenHvm, decideXenRunning, decideXenVersion } from '../../server/checks/defs/xen';
import { decideUnikernelBoot } from '../../server/checks/defs/unikernel';
import { parseXlList } from '../../server/checks/parsers/xl';
import { bridgesOf, parseIpLinkJson } from '../../server/checks/parsers/ip-json';
import { parseNetworksConf } from '../../server/network/networks-conf';
import { execOutput, toolCapture, toolStdout, toolText } from '../fixtures/tools/load';

const ok = (stdout: string) => execOutput({ stdout });
const ifs = (file: string) => hostOnlyNetsFrom({ hostonlyifs: toolStdout(file), hostonlynets: undefined });

describe('hostonly-network', () => {
  const facts = {
    wanted: undefined,
    vboxVersion: '7.0.14r161095',
    hostPlatform: 'linux',
    conf: parseNetworksConf(undefined),
  };

  it('the sample vboxnet0 at 192.168.56.1 passes under the default rule', () => {
    expect(decideHostOnlyNetwork({ ...facts, nets: ifs('vbox/list-hostonlyifs-4x.txt') })).toEqual({
      status: 'passed',
      found: 'vboxnet0 (192.168.56.1/24) on 192.168.56.0/24',
      detail: "allowed by 192.168.56.0/21 (VirtualBox's default; no /etc/vbox/networks.conf)",
    });
  });

  it("docker-machine's old 192.168.99.1 fails on VirtualBox 7 with both ways out", () => {
    const v = decideHostOnlyNetwork({
      ...facts,
      nets: ifs('vbox/list-hostonlyifs-6.1-two.composed.txt'),
      wanted: 'vboxnet1',
    });
    expect(v).toEqual({
      status: 'failed',
      reason:
        "vboxnet1 (192.168.99.1/24) is outside the ranges VirtualBox 7.0.14r161095 allows for host-only networks: 192.168.56.0/21 (VirtualBox's default; no /etc/vbox/networks.conf); VirtualBox refuses it with E_ACCESSDENIED",
      found: 'vboxnet1 on 192.168.99.0/24',
      expected: "a network inside 192.168.56.0/21 (VirtualBox's default; no /etc/vbox/networks.conf)",
      fix: {
        summary: 'Move vboxnet1 into 192.168.56.0/21, or allow its range in /etc/vbox/networks.conf.',
        commands: [
          'VBoxManage hostonlyif ipconfig vboxnet1 --ip 192.168.56.1 --netmask 255.255.255.0',
          "echo '* 192.168.99.0/24' | sudo tee -a /etc/vbox/networks.conf",
        ],
        link: '/guide/troubleshooting#host-only-range',
      },
    });
  });

  it('networks.conf that allows 192.168.0.0/16 lets it pass', () => {
    const v = decideHostOnlyNetwork({
      ...facts,
      nets: ifs('vbox/list-hostonlyifs-6.1-two.composed.txt'),
      wanted: 'vboxnet1',
      conf: parseNetworksConf('* 10.0.0.0/8 192.168.0.0/16\n'),
    });
    expect(v).toEqual({
      status: 'passed',
      found: 'vboxnet1 (192.168.99.1/24) on 192.168.99.0/24',
      detail: 'allowed by 10.0.0.0/8, 192.168.0.0/16 (from /etc/vbox/networks.conf)',
    });
  });

  it('no host-only network at all', () => {
    const v = decideHostOnlyNetwork({ ...facts, nets: [] });
    expect(v.status === 'failed' && [v.reason, v.fix.commands]).toEqual([
      'no VirtualBox host-only network exists',
      [
        'VBoxManage hostonlyif create',
        'VBoxManage hostonlyif ipconfig vboxnet0 --ip 192.168.56.1 --netmask 255.255.255.0',
      ],
    ]);
  });

  it('VirtualBox 7 on macOS: hostonlynets, picked when there is no vboxnet0', () => {
    const nets = hostOnlyNetsFrom({
      hostonlyifs: ok(''),
      hostonlynets: toolStdout('vbox/list-hostonlynets-7.composed.txt'),
    });
    expect(pickHostOnlyNet(nets, undefined)?.name).toBe('HostNetwork');
    expect(decideHostOnlyNetwork({ ...facts, hostPlatform: 'darwin', nets }).status).toBe('passed');
  });

  it('networks.conf: a missing file is absent, another error is unknown', () => {
    expect(
      networksConfFrom(
        execOutput({ exitCode: 1, stderr: 'cat: /etc/vbox/networks.conf: No such file or directory\n' }),
      ),
    ).toEqual({ kind: 'absent' });
    expect(
      networksConfFrom(execOutput({ exitCode: 1, stderr: 'cat: /etc/vbox/networks.conf: Permission denied\n' })),
    ).toBeUndefined();
  });
});

describe('hostonly-clash', () => {
  const host = hostNetworkFrom({
    platform: 'linux',
    addrs: toolCapture('linux/host-ip-addr.json'),
    routes: toolCapture('linux/host-ip-route.json'),
  });

  it("passes against this machine's real interfaces and routes", () => {
    expect(host).toBeDefined();
    expect(
      decideHostOnlyClash({
        nets: ifs('vbox/list-hostonlyifs-4x.txt'),
        wanted: undefined,
        addrs: host!.addrs,
        routes: host!.routes,
      }),
    ).toEqual({
      status: 'passed',
      found: '192.168.56.0/24 (vboxnet0) overlaps none of 2 addresses and 2 routes',
    });
  });

  it('a broader VPN route on macOS is a warning naming it; an equal one is a clash with a free subnet', () => {
    const mac = hostNetworkFrom({
      platform: 'darwin',
      addrs: toolStdout('macos/ifconfig.composed.txt'),
      routes: toolStdout('macos/netstat-rn-inet.composed.txt'),
    })!;
    const vpn = (prefix: number) => ({
      dst: { base: ((192 << 24) >>> 0) + (168 << 16) + (56 << 8), prefix },
      dev: 'utun3',
    });
    const decide = (prefix: number) =>
      decideHostOnlyClash({
        nets: ifs('vbox/list-hostonlyifs-4x.txt'),
        wanted: undefined,
        addrs: mac.addrs,
        routes: [...mac.routes, vpn(prefix)],
      });
    expect(decide(22)).toEqual({
      status: 'warning',
      reason:
        'vboxnet0 (192.168.56.1/24) lies inside the route to 192.168.56.0/22 through utun3: the host-only 192.168.56.0/24 is more specific and wins, but some VPN clients block local traffic while they are connected',
      found: 'vboxnet0 on 192.168.56.0/24; utun3 on 192.168.56.0/22',
      expected: '192.168.56.0/24 used by vboxnet0 alone',
      fix: {
        summary:
          "If dom0 does not answer while utun3 is up, allow local network (LAN) access in the VPN client's settings, or disconnect it.",
        commands: [],
        link: '/guide/troubleshooting#host-only-clash',
      },
    });
    expect(decide(24)).toEqual({
      status: 'failed',
      reason:
        'vboxnet0 (192.168.56.1/24) overlaps a route to 192.168.56.0/24 through utun3: traffic for dom0 may leave through utun3 instead (a Wi-Fi, LAN or VPN on the same addresses)',
      found: 'vboxnet0 on 192.168.56.0/24; utun3 on 192.168.56.0/24',
      expected: '192.168.56.0/24 used by vboxnet0 alone',
      fix: {
        summary: 'Move vboxnet0 to a free network: 192.168.57.0/24 is free.',
        commands: ['VBoxManage hostonlyif ipconfig vboxnet0 --ip 192.168.57.1 --netmask 255.255.255.0'],
        link: '/guide/troubleshooting#host-only-clash',
      },
    });
  });

  it('two adapters on the same IP', () => {
    const nets = ifs('vbox/list-hostonlyifs-4x.txt').concat(
      ifs('vbox/list-hostonlyifs-4x.txt').map((n) => ({ ...n, name: 'vboxnet3' })),
    );
    const v = decideHostOnlyClash({ nets, wanted: undefined, addrs: [], routes: [] });
    expect(v.status === 'failed' && [v.reason, v.fix.commands]).toEqual([
      'vboxnet0 (192.168.56.1/24) and vboxnet3 (192.168.56.1/24) are on the same network: two host-only adapters on one network break routing to dom0',
      ['VBoxManage hostonlyif remove vboxnet3'],
    ]);
  });
});

describe('hostonly-dhcp-off', () => {
  const vboxnet0 = ifs('vbox/list-hostonlyifs-4x.txt')[0];
  it('an enabled VirtualBox 7 DHCP server on vboxnet0 fails', () => {
    expect(decideHostOnlyDhcp(vboxnet0, toolStdout('vbox/list-dhcpservers-7.composed.txt'))).toEqual({
      status: 'failed',
      reason:
        "VirtualBox's DHCP server is enabled on vboxnet0 (at 192.168.56.100, leasing 192.168.56.101–192.168.56.254): it competes with dom0's own DHCP for the unikernels",
      found: 'DHCP server for HostInterfaceNetworking-vboxnet0: enabled',
      expected: 'no enabled DHCP server on vboxnet0',
      fix: {
        summary: "Disable VirtualBox's DHCP server on vboxnet0.",
        commands: ['VBoxManage dhcpserver modify --netname HostInterfaceNetworking-vboxnet0 --disable'],
        link: '/guide/troubleshooting#host-only-dhcp',
      },
    });
  });

  it('a disabled old-format server, and no server at all, pass', () => {
    expect(decideHostOnlyDhcp(vboxnet0, toolStdout('vbox/list-dhcpservers-5.composed.txt'))).toEqual({
      status: 'passed',
      found: 'DHCP server for HostInterfaceNetworking-vboxnet0: disabled',
    });
    expect(decideHostOnlyDhcp(vboxnet0, ok(''))).toEqual({
      status: 'passed',
      found: 'no DHCP server for HostInterfaceNetworking-vboxnet0',
    });
  });
});

describe('dom0 VM', () => {
  const gitlab = toolStdout('vbox/showvminfo-gitlab.txt');

  it('exists, ignoring <inaccessible>', () => {
    const list = toolStdout('vbox/list-vms-inaccessible.txt');
    expect(decideVmExists(list, 'coreos-vagrant_core-01_1396879384360_17481')).toEqual({
      status: 'passed',
      found: '"coreos-vagrant_core-01_1396879384360_17481" {29f0fc4c-b3e6-432a-ba8d-28af412a46b3}',
    });
    const missing = decideVmExists(list, 'dom0');
    expect(missing.status === 'failed' && [missing.reason, missing.found]).toEqual([
      'no VirtualBox VM is named "dom0"',
      'VMs: "coreos-vagrant_core-01_1396879384360_17481"',
    ]);
    const inaccessible = decideVmExists(list, '<inaccessible>');
    expect(inaccessible.status).toBe('failed');
  });

  it('running passes; powered off fails with startvm', () => {
    expect(decideVmRunning(gitlab, 'gitlab')).toEqual({ status: 'passed', found: 'VMState=running' });
    const off = decideVmRunning(ok('name="dom0"\nVMState="poweroff"\n'), 'dom0');
    expect(off.status === 'failed' && [off.reason, off.fix.commands]).toEqual([
      'the VM "dom0" is poweroff, not running',
      ['VBoxManage startvm dom0 --type headless'],
    ]);
  });

  it('nested VT-x off (the sample) fails with the PVH reason', () => {
    const v = decideVmNested(gitlab, 'gitlab');
    expect(v.status === 'failed' && [v.reason, v.found, v.expected, v.fix.commands]).toEqual([
      `nested VT-x/AMD-V is off for "gitlab": without it Xen in the VM has no HVM support, and Mirage 4's PVH unikernels cannot boot`,
      'nested-hw-virt="off"',
      'nested-hw-virt="on"',
      [
        'VBoxManage controlvm gitlab acpipowerbutton',
        'VBoxManage modifyvm gitlab --nested-hw-virt on',
        'VBoxManage startvm gitlab --type headless',
      ],
    ]);
  });

  it('NIC 2: the sample passes; NAT and deny fail', () => {
    expect(decideVmNic(gitlab, 'gitlab')).toEqual({
      status: 'passed',
      found: 'nic2="hostonly" on vboxnet0, nicpromisc2="allow-all"',
    });
    const nat = decideVmNic(ok('nic2="nat"\n'), 'My dom0');
    expect(nat.status === 'failed' && [nat.reason, nat.fix.commands]).toEqual([
      'NIC 2 of "My dom0" is nat, not host-only: dom0 and the unikernels would not be reachable from this computer',
      ["VBoxManage modifyvm 'My dom0' --nic2 hostonly --hostonlyadapter2 vboxnet0 --nicpromisc2 allow-all"],
    ]);
    const deny = decideVmNic(
      ok('nic2="hostonlynetwork"\nhostonly-network2="HostNetwork"\nnicpromisc2="deny"\n'),
      'dom0',
    );
    expect(deny.status === 'failed' && deny.reason).toBe(
      `promiscuous mode of NIC 2 of "dom0" is deny: the bridge in dom0 cannot pass the unikernels' traffic`,
    );
  });
});

describe('dom0', () => {
  it("unreachable: the runner's message is the error", () => {
    expect(
      decideDom0Reachable(execOutput({ exitCode: null, error: 'ssh: connect ECONNREFUSED 127.0.0.1:2222' })),
    ).toEqual({ status: 'error', reason: 'ssh: connect ECONNREFUSED 127.0.0.1:2222' });
    expect(decideDom0Reachable(ok('Linux 6.1.0-18-amd64\n'))).toEqual({
      status: 'passed',
      found: 'dom0: Linux 6.1.0-18-amd64',
    });
  });

  const link = (file: string) => {
    const out = toolCapture(file);
    return { bridges: bridgesOf(parseIpLinkJson(out.stdout) ?? []), out };
  };

  it('bridge with the NIC passes; none and empty fail', () => {
    const withNic = link('linux/dom0-ip-link-bridge.composed.json');
    expect(decideDom0Bridge(withNic.bridges, withNic.out)).toEqual({ status: 'passed', found: 'br0 holds enp0s8' });
    const none = link('linux/ip-link-no-bridge.json');
    const v = decideDom0Bridge(none.bridges, none.out);
    expect(v.status === 'failed' && [v.reason, v.fix.commands]).toEqual([
      'dom0 has no network bridge',
      ['sudo ip link add br0 type bridge', 'sudo ip link set enp0s8 master br0', 'sudo ip link set br0 up'],
    ]);
    const empty = link('linux/dom0-ip-link-empty-bridge.composed.json');
    const e = decideDom0Bridge(empty.bridges, empty.out);
    expect(e.status === 'failed' && e.reason).toBe('no bridge in dom0 holds a network interface: br0 (empty)');
  });

  it('.xl vif bridge: exists, missing, no .xl', () => {
    const bridges = [{ name: 'br0', members: ['enp0s8'] }];
    expect(decideXlVifBridge('hello.xl', ok("vif = [ 'bridge=br0' ]\n"), bridges)).toEqual({
      status: 'passed',
      found: 'vif bridge=br0 exists in dom0',
    });
    const v = decideXlVifBridge('hello.xl', ok("vif = [ 'bridge=xenbr0' ]\n"), bridges);
    expect(v.status === 'failed' && [v.reason, v.found, v.fix.commands]).toEqual([
      'hello.xl attaches its network to the bridge "xenbr0", which does not exist in dom0',
      'vif bridge=xenbr0; dom0 bridges: br0',
      ['sed -i "s/bridge=xenbr0/bridge=br0/" hello.xl'],
    ]);
    const missing = decideXlVifBridge(
      'hello.xl',
      execOutput({ exitCode: 1, stderr: 'cat: hello.xl: No such file or directory\n' }),
      bridges,
    );
    expect(missing.status === 'failed' && missing.reason).toBe('hello.xl was not found in dom0');
  });
});

describe('xen', () => {
  const info = toolStdout('xen/xl-info-4.17.txt');

  it('the 4.17 sample passes all three', () => {
    expect(decideXenRunning(info)).toEqual({ status: 'passed', found: 'Xen 4.17.4 on localhost.localdomain' });
    expect(decideXenVersion(info)).toEqual({ status: 'passed', found: 'Xen 4.17.4' });
    expect(decideXenHvm(info)).toEqual({
      status: 'passed',
      found: 'virt_caps: pv hvm hvm_directio pv_directio hap shadow iommu_hap_pt_share gnttab-v1 gnttab-v2',
    });
  });

  it('non-root Permission denied has its own reason and the sudo fix', () => {
    const v = decideXenRunning(
      execOutput({ exitCode: 1, stderr: toolText('xen/xl-info-non-root.stderr.txt') }),
      false,
      'user',
    );
    expect(v).toEqual({
      status: 'failed',
      reason: 'xl info was refused with "Permission denied": xl must run as root',
      found: 'libxl: error: libxl.c:5098:libxl_get_physinfo: getting physinfo: Permission denied',
      expected: 'xl info answering as root',
      fix: {
        summary: 'Run xl through sudo (Onramp does when sudo works without a password).',
        commands: ['sudo xl info'],
        link: '/guide/troubleshooting#xl-permission-denied',
      },
    });
  });

  it('sudo wanting a password, xl missing, no hypervisor', () => {
    const sudo = decideXenRunning(execOutput({ exitCode: 1, stderr: 'sudo: a password is required\n' }));
    expect(sudo.status === 'failed' && sudo.reason).toBe(
      'sudo needs a password to run xl in dom0, and none was given (onramp doctor cannot ask for one)',
    );
    const missing = decideXenRunning(toolCapture('xen/xl-not-found.json'));
    expect(missing.status === 'failed' && missing.reason).toBe(
      'xl was not found in dom0: the Xen tools are not installed',
    );
    const viaSudo = decideXenRunning(execOutput({ exitCode: 1, stderr: 'sudo: xl: command not found\n' }));
    expect(viaSudo.status === 'failed' && viaSudo.reason).toBe(
      'xl was not found in dom0: the Xen tools are not installed',
    );
    const noXen = decideXenRunning(
      execOutput({
        exitCode: 1,
        stderr:
          'xencall: error: Could not obtain handle on privileged command interface: No such file or directory\nlibxl: error: libxl.c:102:libxl_ctx_alloc: cannot open libxc handle: No such file or directory\ncannot init xl context\n',
      }),
    );
    expect(noXen.status === 'failed' && noXen.reason).toBe(
      'dom0 was booted without Xen: xl cannot reach the hypervisor',
    );
  });

  it('Xen 4.8 is too old; no hvm fails with the nested-virt fix', () => {
    const old = decideXenVersion(
      ok(
        'xen_major              : 4\nxen_minor              : 8\nxen_extra              : .5\nxen_version            : 4.8.5\n',
      ),
    );
    expect(old.status === 'failed' && old.reason).toBe("Xen 4.8.5 is too old: Mirage 4's PVH guests need Xen ≥ 4.10");
    const pvOnly = decideXenHvm(ok('virt_caps              : pv pv_directio\nxen_version            : 4.17.4\n'));
    expect(pvOnly.status === 'failed' && [pvOnly.reason, pvOnly.fix.link]).toEqual([
      "Xen has no HVM support (virt_caps: pv pv_directio): Mirage 4's Xen target is PVH-only and needs it",
      '/guide/troubleshooting#nested-virt',
    ]);
  });
});

describe('unikernel-boot', () => {
  const preamble = toolText('xen/solo5-test-hello-console.txt').split('\n**** Solo5')[0] ?? '';
  const hello = (n: number) =>
    Array.from({ length: n }, (_, i) => `2024-04-14T14:15:2${i}+00:00: [INFO] [application] hello`).join('\n');
  const emptyList = toolStdout('xen/xl-list.txt');
  const boot = (stdout: string, extra: Partial<Parameters<typeof decideUnikernelBoot>[0]> = {}) =>
    decideUnikernelBoot({ name: 'hello', create: ok(stdout), listAfter: emptyList, destroyed: false, ...extra });

  it('preamble, four hellos, solo5_exit(0), gone: passes', () => {
    expect(boot(`${preamble}\n${hello(4)}\nSolo5: solo5_exit(0) called\n`)).toEqual({
      status: 'passed',
      found: '"hello" ×4, solo5_exit(0), Solo5 v0.12.1-7-g469c1a8; gone from xl list',
    });
  });

  it("xl's exit code 0 does not make a crash pass", () => {
    const v = boot(
      `${preamble}\n${hello(1)}\nSolo5: trap: type=#PF ec=0x2 rip=0x107332\nSolo5: ABORT: cpu_x86_64.c:182: Fatal trap\n`,
    );
    expect(v.status === 'failed' && v.reason).toBe('the unikernel crashed: Solo5: ABORT: cpu_x86_64.c:182: Fatal trap');
  });

  it('the measured test_hello (no mirage hello lines) fails on the count', () => {
    const v = boot(toolText('xen/solo5-test-hello-console.txt'));
    expect(v.status === 'failed' && v.reason).toBe('the unikernel logged "hello" 0 times; it should log it 4 times');
  });

  it('no console output, a timeout, a domain left behind', () => {
    const silent = decideUnikernelBoot({
      name: 'hello',
      create: execOutput({
        exitCode: 1,
        stderr:
          'Parsing config from hello.xl\nlibxl: error: libxl_create.c:1234: kernel hello.xen: No such file or directory\n',
      }),
      listAfter: emptyList,
      destroyed: false,
    });
    expect(silent.status === 'failed' && silent.reason).toBe(
      'xl create failed: libxl: error: libxl_create.c:1234: kernel hello.xen: No such file or directory',
    );
    const hung = decideUnikernelBoot({
      name: 'hello',
      create: execOutput({ stdout: `${preamble}\n${hello(2)}\n`, exitCode: null, timedOut: true }),
      listAfter: emptyList,
      destroyed: true,
    });
    expect(hung.status === 'failed' && hung.reason).toBe(
      'the unikernel did not exit within 45 s (it logged "hello" 2 times); the check destroyed it',
    );
    const left = boot(`${preamble}\n${hello(4)}\nSolo5: solo5_exit(0) called\n`, {
      listAfter: ok('Name  ID   Mem VCPUs      State   Time(s)\nhello  7   256     1     ---s--       0.1\n'),
    });
    expect(left.status === 'failed' && left.reason).toBe('the domain "hello" was still in xl list after it exited');
  });
});

describe('real outputs of a Xen 4.17.5 dom0 (the lab lane, tests/fixtures/tools/xen-lab)', () => {
  const lab = (file: string) => toolText(`xen-lab/${file}`);

  it('xl info as root passes all three Xen checks', () => {
    const info = ok(lab('xl-info.txt'));
    expect(decideXenRunning(info)).toEqual({ status: 'passed', found: 'Xen 4.17.5 on onramp-lab' });
    expect(decideXenVersion(info)).toEqual({ status: 'passed', found: 'Xen 4.17.5' });
    expect(decideXenHvm(info).status).toBe('passed');
  });

  it('xl info as a normal user: Permission denied, with the sudo fix', () => {
    const v = decideXenRunning(execOutput({ exitCode: 1, stderr: lab('xl-info-nonroot.txt') }), false, 'user');
    expect(v.status === 'failed' && [v.reason, v.found, v.fix.commands]).toEqual([
      'xl info was refused with "Permission denied": xl must run as root',
      'xencall: error: Could not obtain handle on privileged command interface: Permission denied',
      ['sudo xl info'],
    ]);
  });

  it("xl not on a normal user's PATH: installed in /usr/sbin versus not installed", () => {
    const out = execOutput({ exitCode: 127, stderr: lab('xl-info-nonroot-path.txt') });
    const inSbin = decideXenRunning(out, true);
    expect(inSbin.status === 'failed' && [inSbin.reason, inSbin.found]).toEqual([
      "xl is installed in /usr/sbin but is not on this user's PATH: it must run as root",
      'sh: 1: xl: not found',
    ]);
    const absent = decideXenRunning(out, false);
    expect(absent.status === 'failed' && absent.reason).toBe(
      'xl was not found in dom0: the Xen tools are not installed',
    );
  });

  it('xl create with a vif bridge dom0 lacks names the bridge', () => {
    const v = decideUnikernelBoot({
      name: 'hello',
      create: execOutput({ exitCode: 1, stderr: lab('xl-create-missing-bridge.txt') }),
      listAfter: toolStdout('xen/xl-list.txt'),
      destroyed: false,
    });
    expect(v.status === 'failed' && [v.reason, v.found, v.fix.link]).toEqual([
      'xl create failed: the .xl attaches the unikernel to the bridge "nosuchbr0", which does not exist in dom0',
      'Could not find bridge device nosuchbr0',
      '/guide/troubleshooting#xl-vif-bridge',
    ]);
  });

  it("xenconsoled's log of a hello run passes the boot check, relayed by xl create -c or read from the log", () => {
    const passed = {
      status: 'passed',
      found: '"hello" ×4, solo5_exit(0), Solo5 v0.12.1-onramp-hello-standin; gone from xl list',
    };
    const listAfter = toolStdout('xen/xl-list.txt');
    expect(
      decideUnikernelBoot({ name: 'hello', create: ok(lab('guest-hello.log')), listAfter, destroyed: false }),
    ).toEqual(passed);
    const silentCreate = ok('Parsing config from ./hello.xl\n');
    expect(
      decideUnikernelBoot({
        name: 'hello',
        create: silentCreate,
        listAfter,
        destroyed: false,
        consoleLog: lab('guest-hello.log'),
      }),
    ).toEqual(passed);
    expect(decideUnikernelBoot({ name: 'hello', create: silentCreate, listAfter, destroyed: false }).status).toBe(
      'failed',
    );
  });

  it('xl list with tabs in its header', () => {
    const domains = parseXlList(lab('xl-list.txt'));
    expect(domains[0]).toMatchObject({ name: 'Domain-0', id: 0, state: 'r-----' });
    expect(domains).toHaveLength(lab('xl-list.txt').trim().split('\n').length - 1);
  });
});
