// The seam between `onramp machine` and a hypervisor that runs the lab dom0: QEMU today,
// VirtualBox later. A driver owns a machine's files under its directory and its process.
import type { MachineRecord } from './record';
import type { Progress } from './progress';

/** The unprivileged user every driver's machine has (dom0 target user, `machine env`). */
export const LAB_USER = 'onramp';

export type MachineState =
  | { readonly state: 'running'; readonly pid: number }
  | { readonly state: 'stopped' }
  /** A machine Onramp does not power (the generic driver): it runs on its own. */
  | { readonly state: 'remote' };

/** Where OpenSSH reaches the machine's dom0, with its pinned key material. */
export interface SshTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The private key; '' logs in with ssh-agent instead (a generic machine without --identity). */
  readonly identityFile: string;
  readonly knownHostsFile: string;
  /** The pinned host key's type (default ssh-ed25519, the key Onramp's own machines get). */
  readonly hostKeyAlgorithm?: string;
}

export interface CreateOptions {
  readonly name: string;
  /** The machine's own directory (already created, 0700). */
  readonly dir: string;
  readonly progress: Progress;
}

/** What one create, start or stop measured (seconds, kB); only what was measured is set. */
export interface BootFigures {
  readonly imageBuildS?: number;
  readonly coldBootToSshS?: number;
  readonly restoreToSshS?: number;
  /** QEMU's peak resident memory (VmHWM). */
  readonly peakRssKb?: number;
  readonly accel?: 'kvm' | 'tcg';
}

/** A machine that is up, with what its boot measured. */
export interface Booted {
  readonly record: MachineRecord;
  readonly figures: BootFigures;
}

export interface StartOptions {
  /** Start from the clean `ready` snapshot, dropping what changed since (machines that keep their disk). */
  readonly clean?: boolean;
}

export interface MachineDriver {
  readonly name: 'qemu' | 'virtualbox' | 'generic';
  /**
   * What a create that fails half-way leaves behind. `resume`: the driver keeps its half-made VM
   * in the machine's directory and running create again finishes it (VirtualBox). `discard`: the
   * driver has stopped what it started and the caller deletes the directory (QEMU).
   */
  readonly failedCreate: 'resume' | 'discard';
  /** Build or reuse the image, make the machine's keys and disks, boot it once, leave it running. */
  create(opts: CreateOptions): Promise<Booted>;
  start(record: MachineRecord, progress: Progress, options?: StartOptions): Promise<Booted>;
  /** Power off; returns what was measured on the way (QEMU's peak memory). */
  stop(record: MachineRecord, progress: Progress): Promise<BootFigures>;
  /** Stop if running and delete the machine's files. */
  rm(record: MachineRecord, progress: Progress): Promise<void>;
  status(record: MachineRecord): Promise<MachineState>;
  sshTarget(record: MachineRecord, user?: string): SshTarget;
}

/** `image build 1.0 s, cold boot to SSH 2.0 s, ...` for progress output, or '' when nothing was measured. Pure. */
export function formatBootFigures(f: BootFigures): string {
  return [
    f.imageBuildS !== undefined ? `image build ${f.imageBuildS.toFixed(1)} s` : undefined,
    f.coldBootToSshS !== undefined ? `cold boot to SSH ${f.coldBootToSshS.toFixed(1)} s` : undefined,
    f.restoreToSshS !== undefined ? `restore to SSH ${f.restoreToSshS.toFixed(1)} s` : undefined,
    f.peakRssKb !== undefined ? `QEMU peak RSS ${(f.peakRssKb / 1024).toFixed(0)} MiB` : undefined,
    f.accel ? `accel ${f.accel}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}
