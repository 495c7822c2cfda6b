// Make a lab machine Onramp's dom0 target — only when the user asks (`onramp machine create`, or
// `start --use-as-dom0`): dom0.json names it (the target it replaces is kept in the history the
// Settings page can switch back to), and its host key (generated on the host at create time)
// goes into Onramp's known_hosts so no trust-on-first-use is needed.
import { dom0HistoryPath, replaceDom0Target } from '../config/dom0-history';
import { dom0TargetPath, loadDom0Target, type Dom0Target } from '../config/dom0-target';
import { acceptHostKey, defaultKnownHostsPaths, forgetHost } from '../ssh/known-hosts-store';
import type { SshTarget } from './driver';
import type { MachineRecord } from './record';

export function hostKeyBlob(publicKey: string): Buffer {
  const blob = publicKey.trim().split(/\s+/)[1];
  if (!blob) throw new Error(`"${publicKey}" is not an OpenSSH public key line (expected "TYPE BASE64")`);
  return Buffer.from(blob, 'base64');
}

/** The dom0.json settings for a machine's SSH target. */
export function machineDom0Target(target: SshTarget): Dom0Target {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    // a generic machine given no --identity logs in with ssh-agent
    auth: target.identityFile === '' ? { kind: 'agent' } : { kind: 'key', path: target.identityFile },
  };
}

/**
 * dom0.json already names this machine: logged in with the machine's own key (its path lies in the
 * machine's directory, so no other target uses it). Such a target is the machine's to keep current.
 */
export function namesMachine(
  current: Dom0Target | null,
  target: SshTarget,
  driver: MachineRecord['driver'] = 'qemu',
): boolean {
  if (current === null) return false;
  // A generic machine's key is the user's own (maybe shared with other targets): its address and user name it.
  if (driver === 'generic')
    return current.host === target.host && current.port === target.port && current.user === target.user;
  return current.auth.kind === 'key' && current.auth.path === target.identityFile;
}

export interface Registration {
  /** dom0.json's path. */
  readonly path: string;
  /** The target the machine replaced (kept in the history), or null. */
  readonly replaced: Dom0Target | null;
}

/** Register the machine as dom0 (the user asked for it): host key pinned, dom0.json written. */
export async function registerAsDom0(
  record: MachineRecord,
  target: SshTarget,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Registration> {
  const paths = defaultKnownHostsPaths(env);
  await forgetHost(paths, target.host, target.port);
  await acceptHostKey(paths, target.host, target.port, hostKeyBlob(record.hostKey));
  const replaced = await replaceDom0Target(
    machineDom0Target(target),
    { target: dom0TargetPath(env), history: dom0HistoryPath(env) },
    // the same machine on an older port is not a target anyone switches back to
    (current) => !namesMachine(current, target, record.driver),
  );
  return { path: dom0TargetPath(env), replaced };
}

/**
 * After a start nobody asked to register: refresh dom0.json only when it already names this
 * machine (its port may have changed); any other target the user set stays as it is.
 * Returns the registration, or null when dom0.json was left alone.
 */
export async function refreshIfDom0(
  record: MachineRecord,
  target: SshTarget,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Registration | null> {
  if (!namesMachine(await loadDom0Target(dom0TargetPath(env)), target, record.driver)) return null;
  return registerAsDom0(record, target, env);
}
