// Decide whether a presented host key is known, new, changed or revoked, and say so in words.
import {
  fingerprintOf,
  hostFieldMatches,
  keyLabel,
  keyTypeOf,
  knownHostName,
  type KnownHostEntry,
} from './known-hosts';
import { shellQuote } from './remote-command';

export interface PresentedKey {
  readonly algorithm: string;
  readonly fingerprint: string;
}

export interface KnownKeySource {
  readonly algorithm: string;
  readonly fingerprint: string;
  readonly file: string;
  readonly line: number;
}

export type HostKeyVerdict =
  | { readonly kind: 'known'; readonly key: PresentedKey; readonly source: KnownKeySource }
  | { readonly kind: 'unknown'; readonly key: PresentedKey }
  | {
      readonly kind: 'changed';
      readonly key: PresentedKey;
      readonly previous: KnownKeySource;
      /** Only keys of other types are known for the host (OpenSSH would have negotiated one of those). */
      readonly otherType?: true;
    }
  | { readonly kind: 'revoked'; readonly key: PresentedKey; readonly source: KnownKeySource }
  | { readonly kind: 'unreadable'; readonly file: string; readonly error: string };

/** A known-hosts file as read: its entries, or why it could not be read (fail closed). */
export type KnownHostsFile =
  | { readonly file: string; readonly entries: readonly KnownHostEntry[] }
  | { readonly file: string; readonly error: string };

function sourceOf(entry: KnownHostEntry): KnownKeySource {
  return {
    algorithm: keyLabel(entry.keyType),
    fingerprint: fingerprintOf(entry.keyBlob),
    file: entry.file,
    line: entry.line,
  };
}

export function presentedKey(keyBlob: Buffer): PresentedKey {
  return { algorithm: keyLabel(keyTypeOf(keyBlob)), fingerprint: fingerprintOf(keyBlob) };
}

/**
 * OpenSSH's rules: a revoked key is refused for any host; a key listed for the host is known;
 * another key of the same type listed for the host means it changed. A host known only by keys of
 * other types is not new either: OpenSSH would negotiate the known type (ssh2 offers ed25519 first),
 * so a key of a new type is refused as `changed` with `otherType`, to be verified before it is
 * trusted. Only a host with no key at all is unknown.
 */
export function hostKeyVerdict(
  files: readonly KnownHostsFile[],
  host: string,
  port: number,
  keyBlob: Buffer,
): HostKeyVerdict {
  for (const f of files) {
    if ('error' in f) return { kind: 'unreadable', file: f.file, error: f.error };
  }
  const key = presentedKey(keyBlob);
  const type = keyTypeOf(keyBlob);
  const entries = files.flatMap((f) => ('entries' in f ? f.entries : []));
  const revoked = entries.find((e) => e.marker === 'revoked' && e.keyBlob.equals(keyBlob));
  if (revoked) return { kind: 'revoked', key, source: sourceOf(revoked) };
  const forHost = entries.filter((e) => e.marker === null && hostFieldMatches(e.hosts, host, port));
  const same = forHost.find((e) => e.keyBlob.equals(keyBlob));
  if (same) return { kind: 'known', key, source: sourceOf(same) };
  const other = forHost.find((e) => e.keyType === type);
  if (other) return { kind: 'changed', key, previous: sourceOf(other) };
  const otherType = forHost[0];
  if (otherType) return { kind: 'changed', key, previous: sourceOf(otherType), otherType: true };
  return { kind: 'unknown', key };
}

/** The message a refused or unconfirmed verdict shows; null when the key is known. */
export function hostKeyMessage(verdict: HostKeyVerdict, host: string, port: number, onrampFile: string): string | null {
  const where = `${host}:${port}`;
  const name = knownHostName(host, port);
  switch (verdict.kind) {
    case 'known':
      return null;
    case 'unknown':
      return (
        `the host key of dom0 (${where}) is not known yet: ${verdict.key.algorithm} ${verdict.key.fingerprint}. ` +
        'Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_' +
        `${verdict.key.algorithm.toLowerCase()}_key.pub\` run on dom0's console, then accept it once (it is saved in ${onrampFile}).`
      );
    case 'changed': {
      const p = verdict.previous;
      const remove = ['ssh-keygen', '-R', name, '-f', p.file].map(shellQuote).join(' ');
      const fix = p.file === onrampFile ? `use Onramp's "forget this host" (or \`${remove}\`)` : `run \`${remove}\``;
      if (verdict.otherType)
        return (
          `the host key of dom0 (${where}) is of a type not known for this host: ${p.file} line ${p.line} has ${p.algorithm} ${p.fingerprint}, ` +
          `but the server now presents ${verdict.key.algorithm} ${verdict.key.fingerprint}. A different key type is already known for this host, ` +
          'so this is not a first connection: the new key must be verified before it is trusted. Refusing to connect. ' +
          `Compare it with \`ssh-keygen -lf /etc/ssh/ssh_host_${verdict.key.algorithm.toLowerCase()}_key.pub\` run on dom0's console; ` +
          `if it matches, ${fix}, then connect again and accept the new key.`
        );
      return (
        `the host key of dom0 (${where}) has CHANGED: ${p.file} line ${p.line} has ${p.algorithm} ${p.fingerprint}, ` +
        `but the server now presents ${verdict.key.algorithm} ${verdict.key.fingerprint}. ` +
        'Someone may be intercepting the connection, or dom0 was reinstalled. Refusing to connect. ' +
        `If you know dom0 was reinstalled, ${fix}, then connect again and accept the new key.`
      );
    }
    case 'revoked':
      return (
        `the host key of dom0 (${where}) is REVOKED: ${verdict.key.algorithm} ${verdict.key.fingerprint} is marked @revoked ` +
        `in ${verdict.source.file} line ${verdict.source.line}. Refusing to connect; give dom0 a new host key.`
      );
    case 'unreadable':
      return (
        `cannot check the host key of dom0 (${where}): ${verdict.file} could not be read (${verdict.error}). ` +
        `Refusing to connect without it; fix the file's permissions or contents (or move it aside) and try again.`
      );
  }
}
