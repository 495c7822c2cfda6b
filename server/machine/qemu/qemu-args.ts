// QEMU's command line for a lab machine. The xen recipe: Xen booted by QEMU's multiboot loader,
// dom0 kernel and initrd as multiboot modules. The plain recipe: a PC that boots its disk through
// SeaBIOS and GRUB, with a second NIC on a segment that exists only inside QEMU. Both: user-mode
// networking restricted to one loopback SSH forward.
export type Accel = 'kvm' | 'tcg';

interface LaunchCommon {
  readonly name: string;
  readonly accel: Accel;
  readonly disk: string;
  readonly seedDisk: string;
  readonly sshPort: number;
  readonly serialLog: string;
  readonly monitorSocket: string;
  readonly pidFile: string;
  readonly memoryMb?: number;
  readonly loadSnapshot?: string;
}

/** The xen recipe's launch. */
export interface XenLaunch extends LaunchCommon {
  readonly recipe?: 'xen';
  /** Boot files of the image: gunzipped Xen, dom0 kernel, initrd. */
  readonly xen: string;
  readonly vmlinuz: string;
  readonly initrd: string;
}

/** The plain recipe's launch: firmware boots the disk. */
export interface PlainLaunch extends LaunchCommon {
  readonly recipe: 'plain';
  /** The read-only apt repository disk (labelled onramp-apt). */
  readonly aptRepo: string;
}

export type QemuLaunch = XenLaunch | PlainLaunch;

export const XEN_COMMAND_LINE = 'console=com1 com1=115200,8n1 dom0_mem=768M,max:768M dom0_max_vcpus=2 noreboot smap=0';
/**
 * The dom0 kernel's command line. `cryptomgr.notests=1` skips the kernel's crypto self-tests
 * (crypto/testmgr.c, module parameter `notests`): under TCG on a loaded host they kept vCPU 1 in
 * `cryptomgr_test` for 750+ s ("soft lockup ... [cryptomgr_test:54]" on the serial log, twice in
 * one cold CI run on 2026-11-30), so the cold boot missed its 900 s SSH deadline.
 */
export const DOM0_COMMAND_LINE = 'root=/dev/vda rw console=hvc0 quiet cryptomgr.notests=1';

/** QEMU separates multiboot modules with commas; a comma inside a path would split it. */
export function multibootModules(modules: readonly { path: string; args?: string }[]): string {
  for (const m of modules) {
    if (m.path.includes(',') || m.path.includes(' ')) {
      throw new Error(
        `boot file path "${m.path}" contains a comma or space, which QEMU's multiboot loader cannot take; move the cache dir to a path without them`,
      );
    }
  }
  return modules.map((m) => (m.args ? `${m.path} ${m.args}` : m.path)).join(',');
}

function accelArgs(accel: Accel): string[] {
  return accel === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg,tb-size=256', '-cpu', 'max'];
}

/** The SSH forward: 127.0.0.1 only, and `restrict=on` so the guest reaches nothing outside. */
export function sshNetdev(id: string, sshPort: number): string {
  return `user,id=${id},restrict=on,hostfwd=tcp:127.0.0.1:${sshPort}-:22`;
}

/**
 * The plain recipe as a PC: SeaBIOS boots the disk (GRUB, then the default entry), a reboot
 * really resets the machine (no -no-reboot). PCI slots are fixed and root-bus ACPI hotplug is
 * off, so Debian names the NICs by slot as VirtualBox's are named: NIC 1 (NAT, the SSH forward)
 * enp0s3, NIC 2 enp0s8, on a hub with nothing else on it (the host-only card's part).
 */
export function plainQemuArgs(l: PlainLaunch): string[] {
  return [
    '-name',
    l.name,
    // no SMAP under TCG: the Xen the guide installs later boots here without the xen recipe's smap=0
    ...(l.accel === 'kvm' ? accelArgs('kvm') : ['-accel', 'tcg,tb-size=256', '-cpu', 'max,smap=off']),
    '-smp',
    '2',
    '-m',
    String(l.memoryMb ?? 2048),
    '-display',
    'none',
    '-global',
    'PIIX4_PM.acpi-root-pci-hotplug=off',
    '-drive',
    `file=${l.disk},if=none,id=d0,format=qcow2`,
    '-device',
    'virtio-blk-pci,drive=d0,addr=0x4,bootindex=0',
    '-drive',
    `file=${l.seedDisk},if=none,id=d1,format=raw,readonly=on`,
    '-device',
    'virtio-blk-pci,drive=d1,addr=0x5',
    '-drive',
    `file=${l.aptRepo},if=none,id=d2,format=raw,readonly=on`,
    '-device',
    'virtio-blk-pci,drive=d2,addr=0x6',
    '-netdev',
    sshNetdev('n0', l.sshPort),
    '-device',
    'virtio-net-pci,netdev=n0,addr=0x3',
    '-netdev',
    'hubport,id=n1,hubid=1',
    '-device',
    'virtio-net-pci,netdev=n1,addr=0x8',
    '-serial',
    `file:${l.serialLog}`,
    '-monitor',
    `unix:${l.monitorSocket},server,nowait`,
    '-pidfile',
    l.pidFile,
    '-daemonize',
    ...(l.loadSnapshot ? ['-loadvm', l.loadSnapshot] : []),
  ];
}

export function qemuArgs(l: QemuLaunch): string[] {
  if (l.recipe === 'plain') return plainQemuArgs(l);
  const accel = accelArgs(l.accel);
  return [
    '-name',
    l.name,
    ...accel,
    '-smp',
    '2',
    '-m',
    String(l.memoryMb ?? 2048),
    '-display',
    'none',
    '-no-reboot',
    '-kernel',
    l.xen,
    '-append',
    XEN_COMMAND_LINE,
    '-initrd',
    multibootModules([{ path: l.vmlinuz, args: DOM0_COMMAND_LINE }, { path: l.initrd }]),
    '-drive',
    `file=${l.disk},if=virtio,format=qcow2`,
    '-drive',
    `file=${l.seedDisk},if=virtio,format=raw,readonly=on`,
    '-netdev',
    sshNetdev('n0', l.sshPort),
    '-device',
    'virtio-net-pci,netdev=n0',
    '-serial',
    `file:${l.serialLog}`,
    '-monitor',
    `unix:${l.monitorSocket},server,nowait`,
    '-pidfile',
    l.pidFile,
    '-daemonize',
    ...(l.loadSnapshot ? ['-loadvm', l.loadSnapshot] : []),
  ];
}

/**
 * The plain image's one build-time boot through -kernel (grub-install needs the block device):
 * no network, no seed, in the foreground, and -no-reboot so its power-off ends QEMU.
 */
export function grubInstallBootArgs(b: {
  readonly accel: Accel;
  readonly disk: string;
  readonly vmlinuz: string;
  readonly initrd: string;
  readonly rootUuid: string;
  readonly serialLog: string;
}): string[] {
  return [
    ...accelArgs(b.accel),
    '-smp',
    '2',
    '-m',
    '1024',
    '-display',
    'none',
    '-no-reboot',
    '-kernel',
    b.vmlinuz,
    '-initrd',
    b.initrd,
    '-append',
    `root=UUID=${b.rootUuid} ro console=ttyS0,115200n8`,
    '-drive',
    `file=${b.disk},if=virtio,format=raw`,
    '-nic',
    'none',
    '-serial',
    `file:${b.serialLog}`,
    '-monitor',
    'none',
  ];
}
