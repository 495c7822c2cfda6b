// The generic driver: a machine Onramp does not power (a spare PC, a cloud VM, a bare-metal
// server), reached over SSH. `create` is create-generic.ts (it needs the SSH options); here is
// what the other `onramp machine` commands need: where to log in, and refusals for power verbs.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BootFigures, Booted, MachineDriver, MachineState, SshTarget } from '../driver';
import type { MachineRecord } from '../record';
import { GENERIC_USAGE } from './generic-args';

/** The machine's pinned host key (the one create verified), for OpenSSH. */
export function genericKnownHostsFile(record: Pick<MachineRecord, 'dir'>): string {
  return join(record.dir, 'known_hosts');
}

/** Where OpenSSH logs in: always the --ssh user (a generic machine has no lab users). */
export function genericSshTarget(record: MachineRecord): SshTarget {
  return {
    host: record.sshHost ?? '127.0.0.1',
    port: record.sshPort,
    user: record.sshUser,
    identityFile: record.identityFile ?? '',
    knownHostsFile: genericKnownHostsFile(record),
    hostKeyAlgorithm: record.hostKey.split(/\s+/)[0] ?? 'ssh-ed25519',
  };
}

function notPowered(verb: string, record: MachineRecord): Error {
  return new Error(
    `${record.name} is a generic machine (${record.sshUser}@${record.sshHost ?? '?'}:${record.sshPort}): Onramp does not power it, so it cannot ${verb} it; ` +
      `use the machine's own power controls. To check it and finish the guide's dom0 steps again: ${GENERIC_USAGE.replace('NAME', record.name)}`,
  );
}

export function makeGenericDriver(): MachineDriver {
  return {
    name: 'generic',
    failedCreate: 'resume',
    create(): Promise<Booted> {
      return Promise.reject(new Error(`the generic driver is created from its SSH options: ${GENERIC_USAGE}`));
    },
    start(record): Promise<Booted> {
      return Promise.reject(notPowered('start', record));
    },
    stop(record): Promise<BootFigures> {
      return Promise.reject(notPowered('stop', record));
    },
    /** Forget the machine: only Onramp's files about it go; the machine itself is left as it is. */
    async rm(record) {
      await rm(record.dir, { recursive: true, force: true });
    },
    status(): Promise<MachineState> {
      return Promise.resolve({ state: 'remote' });
    },
    sshTarget: (record) => genericSshTarget(record),
  };
}
