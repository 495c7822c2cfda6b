// KVM's verdict from the probe boot: a /dev/kvm that opens is not enough (nested KVM that runs the
// kernel's real-mode setup and then nothing, as on this project's CI host).
import { describe, expect, it } from 'vitest';
import { decideKvm, KVM_PROBE_MARKER } from '../../server/machine/qemu/accel';

const SETUP_ONLY = 'Probing EDD (edd=off to disable)... ok\n';
const PNI = "qemu-system-x86_64: warning: host doesn't support requested feature: CPUID.01H:ECX.pni [bit 0]\n";

describe('decideKvm', () => {
  it('a kernel that printed its version line under KVM: usable, with the time it took', () => {
    const v = decideKvm({
      openError: null,
      run: { serial: `${SETUP_ONLY}[    0.000000] Linux version 6.1.0`, stderr: '', exitCode: null, watchedMs: 1200 },
    });
    expect(v).toEqual({ usable: true, reason: `the dom0 kernel printed "${KVM_PROBE_MARKER}" under KVM within 1.2 s` });
  });

  it('setup ran, then nothing until the deadline: not usable, says so and quotes QEMU', () => {
    const v = decideKvm({
      openError: null,
      run: {
        serial: SETUP_ONLY,
        stderr: `${PNI}qemu-system-x86_64: terminating on signal 9\n`,
        exitCode: null,
        watchedMs: 10_000,
      },
    });
    expect(v.usable).toBe(false);
    expect(v.reason).toMatch(/printed no "Linux version" in 10\.0 s/);
    expect(v.reason).toMatch(/real-mode setup ran, then nothing/);
    expect(v.reason).toContain('CPUID.01H:ECX.pni');
    expect(v.reason).not.toMatch(/terminating on signal/);
  });

  it('QEMU refused KVM and exited: not usable, with its own error', () => {
    const v = decideKvm({
      openError: null,
      run: {
        serial: '',
        stderr:
          'Could not access KVM kernel module: Permission denied\nqemu-system-x86_64: failed to initialize kvm: Permission denied\n',
        exitCode: 1,
        watchedMs: 80,
      },
    });
    expect(v.usable).toBe(false);
    expect(v.reason).toMatch(/exited with 1 before the kernel ran/);
    expect(v.reason).toContain('failed to initialize kvm: Permission denied');
  });

  it('/dev/kvm does not open: not usable, with the error and the fix', () => {
    const v = decideKvm({ openError: "EACCES: permission denied, open '/dev/kvm'" });
    expect(v.usable).toBe(false);
    expect(v.reason).toContain('EACCES');
    expect(v.reason).toMatch(/group owning \/dev\/kvm/);
  });

  it('a version line wins over a later exit (the probe ends QEMU itself)', () => {
    expect(
      decideKvm({
        openError: null,
        run: { serial: 'Linux version 6.1', stderr: '', exitCode: 0, watchedMs: 900 },
      }).usable,
    ).toBe(true);
  });
});
