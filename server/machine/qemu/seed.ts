// A machine's own key material, made on the host: the client key Onramp logs in with, and the
// VM's SSH host key (so its fingerprint is known before the first connection). The qemu VM
// reads them from a small read-only ext4 "seed" disk at boot (lab/seed-apply.sh).
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mustRun } from '../run-tool';

export interface MachineKeys {
  readonly identityFile: string;
  /** `ssh-ed25519 AAAA... comment` */
  readonly hostPublicKey: string;
  readonly seedDisk: string;
}

/** `ssh-ed25519 AAAA...` without the comment. */
export function publicKeyCore(line: string): string {
  const [type, blob] = line.trim().split(/\s+/);
  if (!type || !blob)
    throw new Error(`"${line.trim()}" is not an OpenSSH public key line (expected "TYPE BASE64 [comment]")`);
  return `${type} ${blob}`;
}

/**
 * Make the machine's keys in `dir` and its seed disk (`seed.raw`): client key, host key,
 * authorized key, the user's name and, when given, the user's password (set at boot by chpasswd
 * from stdin; the seed disk is 0600 like the private key beside it).
 */
export async function makeMachineKeys(
  dir: string,
  name: string,
  user: string,
  password?: string,
): Promise<MachineKeys> {
  const identityFile = join(dir, 'id_ed25519');
  const seedDir = join(dir, 'seed');
  const seedDisk = join(dir, 'seed.raw');
  await rm(seedDir, { recursive: true, force: true });
  await mkdir(seedDir, { mode: 0o700 });
  await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `onramp-machine-${name}`, '-f', identityFile]);
  const hostKey = join(seedDir, 'ssh_host_ed25519_key');
  await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@${name}`, '-f', hostKey]);
  await writeFile(join(seedDir, 'authorized_keys'), await readFile(`${identityFile}.pub`, 'utf8'), { mode: 0o600 });
  await writeFile(join(seedDir, 'user'), `${user}\n`);
  if (password !== undefined) await writeFile(join(seedDir, 'password'), `${password}\n`, { mode: 0o600 });
  await mustRun('mkfs.ext4', ['-q', '-F', '-L', 'onramp-seed', '-d', seedDir, seedDisk, '8M']);
  await chmod(seedDisk, 0o600);
  const hostPublicKey = publicKeyCore(await readFile(`${hostKey}.pub`, 'utf8'));
  await rm(seedDir, { recursive: true, force: true });
  return { identityFile, hostPublicKey, seedDisk };
}
