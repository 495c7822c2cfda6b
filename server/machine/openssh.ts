// OpenSSH `ssh` command lines for a lab machine: its own key, its pinned known-hosts file,
// no agent, no password prompts, no trust on first use.
import type { SshTarget } from './driver';

/** `[host]:port` known_hosts line for a public key (`ssh-ed25519 AAAA...`). */
export function machineKnownHostsLine(host: string, port: number, publicKey: string): string {
  return `${port === 22 ? host : `[${host}]:${port}`} ${publicKey}`;
}

export function opensshArgs(
  t: SshTarget,
  remote: readonly string[] = [],
  opts: { tty?: boolean; connectTimeoutS?: number } = {},
): string[] {
  const login =
    t.identityFile === '' ? [] : ['-i', t.identityFile, '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none'];
  return [
    ...login,
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${t.knownHostsFile}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    `HostKeyAlgorithms=${t.hostKeyAlgorithm ?? 'ssh-ed25519'}`,
    '-o',
    `ConnectTimeout=${opts.connectTimeoutS ?? 10}`,
    '-o',
    'LogLevel=ERROR',
    '-p',
    String(t.port),
    ...(opts.tty === undefined ? [] : [opts.tty ? '-t' : '-T']),
    `${t.user}@${t.host}`,
    ...(remote.length > 0 ? ['--', ...remote] : []),
  ];
}
