import { describe, expect, it } from 'vitest';
import { multibootModules, qemuArgs, XEN_COMMAND_LINE, type QemuLaunch } from '../../server/machine/qemu/qemu-args';
import { accelCandidates, coldBootDeadlineMs } from '../../server/machine/qemu/accel';
import { serialBootFailure } from '../../server/machine/qemu/serial-markers';

const launch: QemuLaunch = {
  name: 'onramp-lab',
  accel: 'tcg',
  xen: '/c/xen',
  vmlinuz: '/c/vmlinuz',
  initrd: '/c/initrd.img',
  disk: '/m/disk.qcow2',
  seedDisk: '/m/seed.raw',
  sshPort: 40022,
  serialLog: '/m/serial.log',
  monitorSocket: '/m/monitor.sock',
  pidFile: '/m/qemu.pid',
};

function valueAfter(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1] ?? ''] : []));
}

describe('qemuArgs', () => {
  it('forwards only loopback SSH through restricted user networking', () => {
    const args = qemuArgs(launch);
    expect(valueAfter(args, '-netdev')).toEqual(['user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:40022-:22']);
    expect(args.join(' ')).not.toMatch(/tap|bridge|guestfwd|hostfwd=tcp::|0\.0\.0\.0/);
  });

  it('boots Xen with dom0 kernel and initrd as comma-separated multiboot modules', () => {
    const args = qemuArgs(launch);
    expect(valueAfter(args, '-kernel')).toEqual(['/c/xen']);
    expect(valueAfter(args, '-append')).toEqual([XEN_COMMAND_LINE]);
    expect(XEN_COMMAND_LINE).toContain('smap=0');
    expect(valueAfter(args, '-initrd')).toEqual([
      '/c/vmlinuz root=/dev/vda rw console=hvc0 quiet cryptomgr.notests=1,/c/initrd.img',
    ]);
  });

  it('uses TCG with -cpu max, or KVM with the host CPU', () => {
    expect(valueAfter(qemuArgs(launch), '-accel')).toEqual(['tcg,tb-size=256']);
    expect(valueAfter(qemuArgs(launch), '-cpu')).toEqual(['max']);
    expect(valueAfter(qemuArgs({ ...launch, accel: 'kvm' }), '-accel')).toEqual(['kvm']);
  });

  it('keeps the seed disk read-only (so savevm skips it) and restores a snapshot only when asked', () => {
    const args = qemuArgs(launch);
    expect(valueAfter(args, '-drive')).toContain('file=/m/seed.raw,if=virtio,format=raw,readonly=on');
    expect(args).not.toContain('-loadvm');
    expect(valueAfter(qemuArgs({ ...launch, loadSnapshot: 'ready' }), '-loadvm')).toEqual(['ready']);
  });

  it('refuses boot file paths QEMU would split at a comma', () => {
    expect(() => multibootModules([{ path: '/a,b/vmlinuz' }])).toThrow(/comma/);
  });
});

describe('accelerator choice', () => {
  it('tries KVM first only where /dev/kvm opens, TCG always as the fallback', () => {
    expect(accelCandidates(true, undefined)).toEqual(['kvm', 'tcg']);
    expect(accelCandidates(false, undefined)).toEqual(['tcg']);
    expect(accelCandidates(true, 'tcg')).toEqual(['tcg']);
    expect(() => accelCandidates(true, 'hvf')).toThrow(/ONRAMP_QEMU_ACCEL is "hvf"/);
  });

  it('gives KVM a short cold-boot deadline and TCG a long one', () => {
    expect(coldBootDeadlineMs('kvm', {} as NodeJS.ProcessEnv)).toBeLessThan(
      coldBootDeadlineMs('tcg', {} as NodeJS.ProcessEnv),
    );
    expect(coldBootDeadlineMs('tcg', { ONRAMP_QEMU_BOOT_TIMEOUT_S: '30' } as unknown as NodeJS.ProcessEnv)).toBe(
      30_000,
    );
  });
});

describe('serialBootFailure', () => {
  const booted = '(XEN) Freed 668kB init memory\nmapping kernel into physical memory\nabout to get started...\n';
  it('fails at once on a Xen panic, quoting the line', () => {
    const serial =
      '(XEN) ****************************************\n(XEN) Panic on CPU 0:\n(XEN) FATAL TRAP: vector = 14 (page fault)\n';
    expect(serialBootFailure(serial, 1_000, 'tcg')).toMatch(/^Xen panicked during boot \(\(XEN\) Panic on CPU 0:\)/);
  });

  it('gives KVM a handover deadline, but never TCG', () => {
    expect(serialBootFailure('(XEN) Xen version 4.17.5\n', 60_000, 'kvm')).toMatch(
      /did not hand over to dom0 within 45 s under KVM/,
    );
    expect(serialBootFailure('(XEN) Xen version 4.17.5\n', 10_000, 'kvm')).toBeUndefined();
    expect(serialBootFailure('(XEN) Xen version 4.17.5\n', 600_000, 'tcg')).toBeUndefined();
    expect(serialBootFailure(booted, 60_000, 'kvm')).toBeUndefined();
  });
});
