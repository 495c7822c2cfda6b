// Make a lab machine Onramp's dom0 target: dom0.json names it, and its host key (generated on
// the host at create time) goes into Onramp's known_hosts so no trust-on-first-use is needed.
import { saveDom0Target, dom0TargetPath } from '../config/dom0-target';
import { acceptHostKey, defaultKnownHostsPaths, forgetHost } from '../ssh/known-hosts-store';
import type { SshTarget } from './driver';
import type { MachineRecord } from './record';

export function hostKeyBlob(publicKey: string): Buffer {
  const blob = publicKey.trim().split(/\s+/)[1];
  if (!blob) throw new Error(`"${publicKey}" is not an OpenSSH public key line (expected "TYPE BASE64")`);
  return Buffer.from(blob, 'base64');
}

export async function registerAsDom0(
  record: MachineRecord,
  target: SshTarget,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const paths = defaultKnownHostsPaths(env);
  await forgetHost(paths, target.host, target.port);
  await acceptHostKey(paths, target.host, target.port, hostKeyBlob(record.hostKey));
  await saveDom0Target(
    { host: target.host, port: target.port, user: target.user, auth: { kind: 'key', path: target.identityFile } },
    dom0TargetPath(env),
  );
  return dom0TargetPath(env);
}
