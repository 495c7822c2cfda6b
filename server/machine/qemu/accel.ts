// Which QEMU accelerators to try, in order. KVM where /dev/kvm opens (it may still fail in
// Xen's early boot, so TCG stays as the fallback); ONRAMP_QEMU_ACCEL pins one.
import { open } from 'node:fs/promises';
import type { Env } from '../../config/paths';
import type { Accel } from './qemu-args';

export function accelCandidates(kvmUsable: boolean, override: string | undefined): Accel[] {
  if (override === 'kvm' || override === 'tcg') return [override];
  if (override !== undefined && override !== '') {
    throw new Error(`ONRAMP_QEMU_ACCEL is "${override}"; expected "kvm", "tcg" or unset (try KVM, then TCG)`);
  }
  return kvmUsable ? ['kvm', 'tcg'] : ['tcg'];
}

export async function kvmUsable(): Promise<boolean> {
  try {
    const handle = await open('/dev/kvm', 'r+');
    await handle.close();
    return true;
  } catch {
    return false;
  }
}

/** How long to wait for SSH on a cold boot with this accelerator before giving up on it. */
export function coldBootDeadlineMs(accel: Accel, env: Env = process.env): number {
  const override = Number(env.ONRAMP_QEMU_BOOT_TIMEOUT_S);
  if (Number.isFinite(override) && override > 0) return override * 1000;
  return accel === 'kvm' ? 120_000 : 900_000;
}
