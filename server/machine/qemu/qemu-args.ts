// QEMU's command line for a lab dom0: Xen booted by QEMU's multiboot loader, dom0 kernel and
// initrd as multiboot modules, user-mode networking restricted to one loopback SSH forward.
export type Accel = 'kvm' | 'tcg';

export interface QemuLaunch {
  readonly name: string;
  readonly accel: Accel;
  /** Boot files of the image: gunzipped Xen, dom0 kernel, initrd. */
  readonly xen: string;
  readonly vmlinuz: string;
  readonly initrd: string;
  readonly disk: string;
  readonly seedDisk: string;
  readonly sshPort: number;
  readonly serialLog: string;
  readonly monitorSocket: string;
  readonly pidFile: string;
  readonly memoryMb?: number;
  readonly loadSnapshot?: string;
}

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

export function qemuArgs(l: QemuLaunch): string[] {
  const accel = l.accel === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg,tb-size=256', '-cpu', 'max'];
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
    `user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:${l.sshPort}-:22`,
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
