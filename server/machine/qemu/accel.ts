// Which QEMU accelerators to try, in order. KVM only where a probe boot shows it runs a kernel
// (a /dev/kvm that opens can still boot nothing: nested KVM with a cut-down CPUID, seen on this
// project's CI host), so a cold create on such a host goes straight to TCG instead of spending
// the KVM handover deadline first. ONRAMP_QEMU_ACCEL pins one.
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../../config/paths';
import type { Accel } from './qemu-args';

export function accelCandidates(kvmUsable: boolean, override: string | undefined): Accel[] {
  if (override === 'kvm' || override === 'tcg') return [override];
  if (override !== undefined && override !== '') {
    throw new Error(`ONRAMP_QEMU_ACCEL is "${override}"; expected "kvm", "tcg" or unset (try KVM, then TCG)`);
  }
  return kvmUsable ? ['kvm', 'tcg'] : ['tcg'];
}

/** Whether KVM can boot the lab's kernel here, and the evidence in one sentence. */
export interface KvmProbe {
  readonly usable: boolean;
  readonly reason: string;
}

/** What the probe saw: /dev/kvm's open, then (when it opened) QEMU's run of the dom0 kernel under KVM. */
export interface KvmProbeFacts {
  /** null when /dev/kvm opened read-write; else the error's message (EACCES, ENOENT...). */
  readonly openError: string | null;
  readonly run?: {
    /** The serial console so far. */
    readonly serial: string;
    /** QEMU's own stderr (its KVM errors and "host doesn't support requested feature" warnings). */
    readonly stderr: string;
    /** QEMU's exit code when it exited by itself before the probe ended it; null when the probe killed it. */
    readonly exitCode: number | null;
    /** How long the probe watched the serial console, ms. */
    readonly watchedMs: number;
  };
}

/** The kernel's first line once it runs in 64-bit mode (its real-mode setup prints earlier). */
export const KVM_PROBE_MARKER = 'Linux version';
/** A working KVM prints the marker within about a second; TCG itself needs ~7 s on a loaded 2-core host. */
export const KVM_PROBE_DEADLINE_MS = 10_000;

function qemuSaid(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/terminating on signal/.test(l));
  return lines.length > 0 ? `; QEMU said: ${lines.slice(-3).join(' / ')}` : '';
}

/** KVM's verdict from the probe's facts. Pure. */
export function decideKvm(f: KvmProbeFacts): KvmProbe {
  if (f.openError !== null) {
    return {
      usable: false,
      reason: `/dev/kvm cannot be opened read-write (${f.openError}); to use KVM, add your user to the group owning /dev/kvm (usually kvm) and log in again`,
    };
  }
  const run = f.run;
  if (!run) return { usable: false, reason: 'KVM was not tried (no probe run)' };
  const seconds = (run.watchedMs / 1000).toFixed(1);
  if (run.serial.includes(KVM_PROBE_MARKER)) {
    return { usable: true, reason: `the dom0 kernel printed "${KVM_PROBE_MARKER}" under KVM within ${seconds} s` };
  }
  if (run.exitCode !== null) {
    return {
      usable: false,
      reason: `QEMU with -accel kvm exited with ${run.exitCode} before the kernel ran${qemuSaid(run.stderr)}`,
    };
  }
  const setupRan = run.serial.trim() !== '';
  return {
    usable: false,
    reason: `/dev/kvm opens, but under KVM the dom0 kernel printed no "${KVM_PROBE_MARKER}" in ${seconds} s${setupRan ? ' (its real-mode setup ran, then nothing: a nested KVM that does not run 64-bit guests)' : ''}${qemuSaid(run.stderr)}`,
  };
}

async function openError(): Promise<string | null> {
  try {
    const handle = await open('/dev/kvm', 'r+');
    await handle.close();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Probes KVM: opens /dev/kvm, then boots `kernel` (the lab image's dom0 vmlinuz) under
 * `-accel kvm -cpu host` with its console on a serial file and watches for KVM_PROBE_MARKER for
 * at most `deadlineMs`; QEMU is killed at the end. No disk, no network. Never throws.
 */
export async function probeKvm(kernel: string, deadlineMs = KVM_PROBE_DEADLINE_MS): Promise<KvmProbe> {
  const opened = await openError();
  if (opened !== null) return decideKvm({ openError: opened });
  const dir = await mkdtemp(join(tmpdir(), 'onramp-kvm-probe-'));
  const serialFile = join(dir, 'serial.log');
  const started = Date.now();
  try {
    const child = spawn(
      'qemu-system-x86_64',
      [
        ...['-accel', 'kvm', '-cpu', 'host', '-m', '256', '-smp', '1'],
        ...['-display', 'none', '-nodefaults', '-no-reboot', '-monitor', 'none'],
        ...['-serial', `file:${serialFile}`, '-kernel', kernel],
        ...['-append', 'console=ttyS0 earlyprintk=serial,ttyS0,115200 panic=-1'],
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    let exitCode: number | null = null;
    let exited = false;
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const gone = new Promise<void>((resolve) => {
      child.on('error', (err) => {
        stderr += `${err.message}\n`;
        exitCode = exitCode ?? 127;
        exited = true;
        resolve();
      });
      child.on('exit', (code) => {
        exitCode = code ?? exitCode;
        exited = true;
        resolve();
      });
    });
    let serial = '';
    while (Date.now() - started < deadlineMs && !exited) {
      serial = await readFile(serialFile, 'utf8').catch(() => '');
      if (serial.includes(KVM_PROBE_MARKER)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const watchedMs = Date.now() - started;
    const exitedByItself = exited;
    if (!exited) child.kill('SIGKILL');
    await gone;
    serial = await readFile(serialFile, 'utf8').catch(() => serial);
    return decideKvm({
      openError: null,
      run: { serial, stderr, exitCode: exitedByItself ? (exitCode ?? 1) : null, watchedMs },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** How long to wait for SSH on a cold boot with this accelerator before giving up on it. */
export function coldBootDeadlineMs(accel: Accel, env: Env = process.env): number {
  const override = Number(env.ONRAMP_QEMU_BOOT_TIMEOUT_S);
  if (Number.isFinite(override) && override > 0) return override * 1000;
  return accel === 'kvm' ? 120_000 : 900_000;
}
