// Read a booting machine's serial log for early verdicts, so a doomed boot fails in seconds
// with its log instead of waiting out the SSH deadline. Pure.
import type { Accel } from './qemu-args';

/** Xen has handed over to dom0's kernel: the hypervisor itself booted. */
export const DOM0_HANDOVER = 'about to get started...';
const PANIC = /^\(XEN\) (?:Panic on CPU \d+:|\*{3} .*FATAL|Reboot in five seconds)/m;
const PANIC_LINE = /^\(XEN\) .*(?:Panic on CPU|FATAL|Fatal|crash).*$/m;
/** KVM must reach the dom0 handover this fast, or TCG is tried instead. */
export const KVM_HANDOVER_MS = 45_000;

export function serialBootFailure(serial: string, elapsedMs: number, accel: Accel): string | undefined {
  if (PANIC.test(serial)) {
    return `Xen panicked during boot (${(PANIC_LINE.exec(serial)?.[0] ?? 'see the serial log').trim()})`;
  }
  if (accel === 'kvm' && elapsedMs > KVM_HANDOVER_MS && !serial.includes(DOM0_HANDOVER)) {
    return `Xen did not hand over to dom0 within ${KVM_HANDOVER_MS / 1000} s under KVM`;
  }
  return undefined;
}
