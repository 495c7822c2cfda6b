// VirtualBox failures from public reports (tests/fixtures/tools/real-world) and composed inputs of
// the same kinds: the driver warning before the version, and the hints under VBoxManage errors.
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../protocol/verdict';
import { decideVirtualboxVersion } from '../../server/checks/defs/virtualbox';
import { vboxHint, withHint } from '../../server/machine/virtualbox/vbox-hints';
import { decideHostOnlyClash, decideHostOnlyDhcp, decideHostOnlyNetwork } from '../../server/checks/defs/host-only';
import { hostOnlyNetsFrom } from '../../server/checks/defs/host-only-facts';
import { shellCommand, shellWord } from '../../server/checks/shell-command';
import { parseNetworksConf } from '../../server/network/networks-conf';
import { execOutput, toolText } from '../fixtures/tools/load';

const rw = (file: string) => toolText(`real-world/${file}`);
const SECURE_BOOT =
  ' With Secure Boot on, the module must also be signed with a key enrolled in the firmware (mokutil --import).';
const driverMissing = (found: string, summary: string, commands: string[]): Verdict => ({
  status: 'failed',
  reason: 'VirtualBox is installed but its kernel driver is not',
  found,
  expected: 'VirtualBox 6.1 or newer with its kernel driver loaded',
  fix: { summary: summary + SECURE_BOOT, commands, link: '/guide/troubleshooting#vboxdrv' },
});

describe('virtualbox-version: any text before the version is a warning to understand', () => {
  it.each<[string, Verdict]>([
    [
      'vboxmanage-version-no-vboxdrv.txt',
      driverMissing(
        'WARNING: The character device /dev/vboxdrv does not exist.',
        "Install the distribution's driver package (DKMS builds it for the running kernel) with the kernel's headers, then load it.",
        ['sudo apt-get install virtualbox-dkms linux-headers-generic', 'sudo modprobe vboxdrv'],
      ),
    ],
    [
      'vboxmanage-version-oracle-vboxdrv.composed.txt',
      driverMissing(
        'WARNING: The vboxdrv kernel module is not loaded. Either there is no module',
        "Run the commands VirtualBox's warning gives, then check again.",
        ['sudo /sbin/vboxconfig'],
      ),
    ],
    [
      'vboxmanage-version-fedora-akmods.composed.txt',
      driverMissing(
        'WARNING: The vboxdrv kernel module is not loaded. Either there is no module',
        "Run the commands VirtualBox's warning gives (as root), then check again.",
        [
          'dnf install akmod-VirtualBox kernel-devel-6.11.4-301.fc41.x86_64',
          'akmods --kernels 6.11.4-301.fc41.x86_64 && systemctl restart vboxdrv.service',
        ],
      ),
    ],
  ])('%s', (file, verdict) => {
    expect(decideVirtualboxVersion(execOutput({ stdout: rw(file) }))).toEqual(verdict);
  });

  it('without commands in the warning, the fix follows who built VirtualBox', () => {
    const bare = (version: string) =>
      decideVirtualboxVersion(execOutput({ stdout: `WARNING: Kernel driver not installed\n${version}\n` }));
    const commands = (v: Verdict) => (v.status === 'failed' ? v.fix.commands : []);
    expect(commands(bare('7.0.16_Debianr162802'))).toEqual([
      'sudo apt-get install virtualbox-dkms linux-headers-generic',
      'sudo modprobe vboxdrv',
    ]);
    expect(commands(bare('7.1.4_rpmfusionr165100'))).toEqual([
      'sudo dnf install akmod-VirtualBox kernel-devel-$(uname -r)',
      'sudo akmods --kernels $(uname -r)',
      'sudo systemctl restart vboxdrv.service',
    ]);
    expect(commands(bare('7.0.14r161095'))).toEqual(['sudo /sbin/vboxconfig']);
  });

  it('an unknown warning before a good version is a warning, not a pass', () => {
    const v = decideVirtualboxVersion(execOutput({ stdout: 'WARNING: something unexpected.\n7.0.14r161095\n' }));
    expect(v).toEqual({
      status: 'warning',
      reason: 'VBoxManage printed a warning before its version: WARNING: something unexpected.',
      found: 'WARNING: something unexpected.',
      expected: 'VirtualBox 7.0.14r161095 with no warning',
      fix: {
        summary:
          'Read the warning: VirtualBox prints it when part of its install is wrong. Run the command yourself to see it whole.',
        commands: ['VBoxManage --version'],
        link: '/guide/troubleshooting#vboxdrv',
      },
    });
  });
});

const KVM =
  'stop KVM guests (virsh list, other VM managers, Android emulators) and unload the KVM modules: sudo modprobe -r kvm_intel kvm (kvm_amd on AMD). Since Linux 6.12, KVM takes hardware virtualisation as soon as its module loads, even with no guest running: unload it, or boot with kvm.enable_virt_at_load=0.';

describe('VBoxManage start failures each have their hint', () => {
  it.each<[string, string]>([
    ['vboxmanage-startvm-vmx-root-mode.stderr', `Another hypervisor (KVM) holds VT-x: ${KVM}`],
    ['vboxmanage-startvm-svm-in-use.composed.stderr', `Another hypervisor (KVM) holds AMD-V: ${KVM}`],
    [
      'vboxmanage-startvm-hyperv.composed.stderr',
      'Nested VT-x/AMD-V needs nested paging and unrestricted guest: on Windows, Hyper-V (or WSL 2, Windows Sandbox, Memory Integrity) takes VT-x away from VirtualBox; turn it off (bcdedit /set hypervisorlaunchtype off, then reboot) or use a Linux host.',
    ],
    [
      'vboxmanage-startvm-intnet.composed.stderr',
      "The VM's host-only adapter does not exist on this host (or vboxnetflt is not loaded): create it (VBoxManage hostonlyif create) or point NIC 2 at an existing one, and load the module (sudo modprobe vboxnetflt, or sudo /sbin/vboxconfig).",
    ],
    [
      'vboxmanage-startvm-medium-missing.composed.stderr',
      'A file the VM uses (a disk image or ISO) is not where VirtualBox expects it: put it back, or detach it (VBoxManage storageattach VM --storagectl NAME --port N --device 0 --medium none) and attach the right one.',
    ],
  ])('%s', (file, hint) => {
    const message = rw(file).trim();
    expect(vboxHint(message)).toBe(hint);
    expect(withHint(message)).toBe(`${message}\nhint: ${hint}`);
  });

  it.each([
    ['VERR_VM_DRIVER_NOT_INSTALLED', /kernel module is not loaded/],
    ['VERR_SVM_DISABLED', /firmware settings/],
    ['VERR_NEM_VM_CREATE_FAILED', /Hyper-V/],
    ['VERR_SUPLIB_WRITE_NON_SYS_GROUP', /hardening/],
    ['VERR_NO_LOW_MEMORY', /not enough free memory/],
  ])('%s', (code, hint) => {
    expect(vboxHint(`VBoxManage: error: failed (${code})`)).toMatch(hint);
  });
});

describe('every command a fix shows is shell-quoted, once, by one helper', () => {
  const nets = hostOnlyNetsFrom({
    hostonlyifs: execOutput({ stdout: '' }),
    hostonlynets: execOutput({ stdout: rw('vboxmanage-hostonlynets-name-with-spaces.txt') }),
  });
  const commands = (v: Verdict) => (v.status === 'failed' || v.status === 'warning' ? v.fix.commands : []);

  it('vboxmanage-hostonlynets-name-with-spaces.txt: the range fix keeps the name one word', () => {
    expect(nets.map((n) => n.name)).toEqual(['Legacy vboxnet11 Network']);
    const v = decideHostOnlyNetwork({
      nets,
      wanted: undefined,
      vboxVersion: '7.0.14r161095',
      hostPlatform: 'darwin',
      conf: parseNetworksConf(undefined),
    });
    expect(commands(v)).toEqual([
      "VBoxManage hostonlynet modify --name='Legacy vboxnet11 Network' --netmask=255.255.255.0 --lower-ip=192.168.56.1 --upper-ip=192.168.56.199",
      "echo '* 192.168.33.0/24' | sudo tee -a /etc/vbox/networks.conf",
    ]);
  });

  it('the DHCP fix quotes the network name VirtualBox derives from it', () => {
    const dhcp = execOutput({
      stdout:
        'NetworkName:    hostonly-Legacy vboxnet11 Network\nDhcpd IP:       192.168.33.2\nLowerIPAddress: 192.168.33.3\nUpperIPAddress: 192.168.33.254\nNetworkMask:    255.255.255.0\nEnabled:        Yes\n',
    });
    expect(commands(decideHostOnlyDhcp(nets[0], dhcp))).toEqual([
      "VBoxManage dhcpserver modify --netname 'hostonly-Legacy vboxnet11 Network' --disable",
    ]);
  });

  it('a duplicate adapter with spaces in its name is removed by its whole name', () => {
    const twin = { ...nets[0]!, name: "Bob's net", networkName: "hostonly-Bob's net" };
    const v = decideHostOnlyClash({ nets: [nets[0]!, twin], wanted: undefined, addrs: [], routes: [] });
    expect(commands(v)).toEqual(["VBoxManage hostonlynet remove --name='Bob'\\''s net'"]);
  });

  it('VM names and paths: the helper itself', () => {
    expect(shellCommand('VBoxManage', 'startvm', 'My "dom0" $HOME', '--type', 'headless')).toBe(
      `VBoxManage startvm 'My "dom0" $HOME' --type headless`,
    );
    expect(shellCommand('cd', '~/my projects/hello')).toBe("cd ~/'my projects/hello'");
    expect(shellCommand('cd', '/srv/hello')).toBe('cd /srv/hello');
    expect(shellWord("--name=it's")).toBe("--name='it'\\''s'");
    expect(shellWord('')).toBe("''");
  });
});
