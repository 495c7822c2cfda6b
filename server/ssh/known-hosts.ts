// known_hosts as OpenSSH reads it: plain and hashed host fields, [host]:port, comma lists,
// wildcards and negation, @revoked and @cert-authority markers. Pure: text in, entries out.
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  readonly marker: 'revoked' | 'cert-authority' | null;
  /** The host field as written (a comma list, or one `|1|salt|hash`). */
  readonly hosts: string;
  /** The key type word, e.g. `ssh-ed25519`. */
  readonly keyType: string;
  readonly keyBlob: Buffer;
  readonly file: string;
  readonly line: number;
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/[ \t]+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
      fields.shift();
    } else if (fields[0].startsWith('@')) {
      return;
    }
    const [hosts, keyType, keyBase64] = fields;
    if (hosts === undefined || keyType === undefined || keyBase64 === undefined) return;
    const keyBlob = Buffer.from(keyBase64, 'base64');
    if (keyBlob.length === 0) return;
    entries.push({ marker, hosts, keyType, keyBlob, file, line: index + 1 });
  });
  return entries;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function hashedMatches(field: string, name: string): boolean {
  const [, version, salt, hash] = field.split('|');
  if (version !== '1' || salt === undefined || hash === undefined) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

/** Does a host field (plain list with wildcards and `!negation`, or a hashed name) name this host? */
export function hostFieldMatches(field: string, host: string, port: number): boolean {
  const name = knownHostName(host, port);
  if (field.startsWith('|')) return hashedMatches(field, name);
  let matched = false;
  for (const pattern of field.split(',')) {
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    if (!globToRegExp(glob).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** The fingerprint as `ssh-keygen -lf` prints it: SHA256 of the key blob, unpadded base64. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written inside an SSH wire-format key blob (its first string). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  if (length > 64 || 4 + length > keyBlob.length) return 'unknown';
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/** The short algorithm label ssh-keygen shows in parentheses: ED25519, RSA, ECDSA... */
export function keyLabel(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519';
  if (keyType === 'ssh-rsa') return 'RSA';
  if (keyType === 'ssh-dss') return 'DSA';
  if (keyType.startsWith('ecdsa-')) return 'ECDSA';
  if (keyType.startsWith('sk-ssh-ed25519')) return 'ED25519-SK';
  if (keyType.startsWith('sk-ecdsa')) return 'ECDSA-SK';
  return keyType.toUpperCase();
}

/** One line for Onramp's own known-hosts file. */
export function knownHostLine(host: string, port: number, keyBlob: Buffer): string {
  return `${knownHostName(host, port)} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}`;
}
