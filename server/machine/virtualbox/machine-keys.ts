// A VirtualBox machine's key material, made once on the host and kept in its directory so a
// re-run of `create` keeps the same host key: the client key and the VM's SSH host key.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mustRun } from '../run-tool';
import { publicKeyCore } from '../qemu/seed';

export interface VboxKeys {
  readonly identityFile: string;
  readonly authorizedKey: string;
  readonly hostPrivateKey: string;
  readonly hostPublicKey: string;
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

async function keyPair(path: string, comment: string): Promise<void> {
  if ((await exists(path)) && (await exists(`${path}.pub`))) return;
  await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path], { stdin: 'y\n' });
}

export async function ensureMachineKeys(dir: string, name: string): Promise<VboxKeys> {
  const identityFile = join(dir, 'id_ed25519');
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  await keyPair(identityFile, `onramp-machine-${name}`);
  await keyPair(hostKey, `root@${name}`);
  return {
    identityFile,
    authorizedKey: publicKeyCore(await readFile(`${identityFile}.pub`, 'utf8')),
    hostPrivateKey: await readFile(hostKey, 'utf8'),
    hostPublicKey: publicKeyCore(await readFile(`${hostKey}.pub`, 'utf8')),
  };
}
