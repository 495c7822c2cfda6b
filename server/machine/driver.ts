// The seam between `onramp machine` and a hypervisor that runs the lab dom0: QEMU today,
// VirtualBox later. A driver owns a machine's files under its directory and its process.
import type { MachineRecord } from './record';
import type { Progress } from './progress';

export type MachineState = { readonly state: 'running'; readonly pid: number } | { readonly state: 'stopped' };

/** Where OpenSSH reaches the machine's dom0, with its pinned key material. */
export interface SshTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly identityFile: string;
  readonly knownHostsFile: string;
}

export interface CreateOptions {
  readonly name: string;
  /** The machine's own directory (already created, 0700). */
  readonly dir: string;
  readonly progress: Progress;
}

export interface MachineDriver {
  readonly name: 'qemu' | 'virtualbox';
  /** Build or reuse the image, make the machine's keys and disks, boot it once, leave it running. */
  create(opts: CreateOptions): Promise<MachineRecord>;
  start(record: MachineRecord, progress: Progress): Promise<MachineRecord>;
  stop(record: MachineRecord, progress: Progress): Promise<void>;
  /** Stop if running and delete the machine's files. */
  rm(record: MachineRecord, progress: Progress): Promise<void>;
  status(record: MachineRecord): Promise<MachineState>;
  sshTarget(record: MachineRecord, user?: string): SshTarget;
}
