import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fingerprintOf,
  hostFieldMatches,
  keyLabel,
  keyTypeOf,
  knownHostLine,
  parseKnownHosts,
} from '../../server/ssh/known-hosts';
import { hostKeyMessage, hostKeyVerdict } from '../../server/ssh/host-key-verdict';

const fixtures = join(__dirname, '../fixtures/ssh');
const blobOf = (name: string) =>
  Buffer.from(readFileSync(join(fixtures, `key-${name}.pub`), 'utf8').split(' ')[1] ?? '', 'base64');
const pubType = (name: string) => readFileSync(join(fixtures, `key-${name}.pub`), 'utf8').split(' ')[0] ?? '';
const ed = blobOf('ed25519');
const rsa = blobOf('rsa');
const ecdsa = blobOf('ecdsa');

describe('fingerprintOf', () => {
  it.each(['ed25519', 'rsa', 'ecdsa'])('matches `ssh-keygen -lf` for a generated %s key', (name) => {
    const line = readFileSync(join(fixtures, `key-${name}.fingerprint.txt`), 'utf8');
    const [, fingerprint, , label] = line.trim().split(' ');
    expect(fingerprintOf(blobOf(name))).toBe(fingerprint);
    expect(`(${keyLabel(keyTypeOf(blobOf(name)))})`).toBe(label);
    expect(keyTypeOf(blobOf(name))).toBe(pubType(name));
  });
});

describe('hostFieldMatches', () => {
  it.each([
    ['dom0.example', 'dom0.example', 22, true],
    ['dom0.example', 'dom0.example', 2222, false],
    ['[dom0.example]:2222', 'dom0.example', 2222, true],
    ['[dom0.example]:2222', 'dom0.example', 22, false],
    ['a.example,dom0.example,10.0.0.5', '10.0.0.5', 22, true],
    ['DOM0.example', 'dom0.example', 22, true],
    ['*.example', 'dom0.example', 22, true],
    ['*.example,!dom0.example', 'dom0.example', 22, false],
    ['[127.0.0.1]:2222', '127.0.0.1', 22, false],
    ['[::1]:2222', '::1', 2222, true],
    ['dom?.example', 'dom0.example', 22, true],
  ])('%s vs %s port %i → %s', (field, host, port, expected) => {
    expect(hostFieldMatches(field, host, port)).toBe(expected);
  });

  it('matches hashed entries written by `ssh-keygen -H`', () => {
    const entries = parseKnownHosts(readFileSync(join(fixtures, 'known-hosts-hashed.txt'), 'utf8'), 'kh');
    const hosts = entries.map((e) => e.hosts);
    expect(hosts.every((h) => h.startsWith('|1|'))).toBe(true);
    const match = (host: string, port: number) =>
      entries.filter((e) => hostFieldMatches(e.hosts, host, port)).map((e) => e.keyType);
    expect(match('dom0.example', 22)).toEqual(['ssh-ed25519']);
    expect(match('10.0.0.5', 22)).toEqual(['ssh-ed25519']);
    expect(match('127.0.0.1', 2222)).toEqual(['ssh-rsa']);
    expect(match('hashed.example', 2200)).toEqual(['ecdsa-sha2-nistp256']);
    expect(match('hashed.example', 22)).toEqual([]);
  });
});

describe('parseKnownHosts', () => {
  it('reads markers, skips comments, blanks and unknown markers, keeps line numbers', () => {
    const text = [
      '# comment',
      '',
      `@revoked * ssh-ed25519 ${ed.toString('base64')}`,
      `@cert-authority *.example ssh-rsa ${rsa.toString('base64')}`,
      `@bogus host ssh-rsa ${rsa.toString('base64')}`,
      `host ssh-ed25519 ${ed.toString('base64')} a comment`,
      'broken-line-without-key',
    ].join('\n');
    const entries = parseKnownHosts(text, '/f');
    expect(entries.map((e) => [e.marker, e.hosts, e.line])).toEqual([
      ['revoked', '*', 3],
      ['cert-authority', '*.example', 4],
      [null, 'host', 6],
    ]);
  });
});

describe('hostKeyVerdict', () => {
  const file = (name: string, lines: string[]) => ({ file: name, entries: parseKnownHosts(lines.join('\n'), name) });
  const onramp = '/cfg/known_hosts';

  it('is known when the key is listed for [host]:port', () => {
    const v = hostKeyVerdict(
      [file('/u', []), file(onramp, [knownHostLine('127.0.0.1', 2222, ed)])],
      '127.0.0.1',
      2222,
      ed,
    );
    expect(v).toMatchObject({ kind: 'known', source: { file: onramp, line: 1 } });
    expect(hostKeyMessage(v, '127.0.0.1', 2222, onramp)).toBeNull();
  });

  it('is unknown when nothing is listed, and shows the fingerprint', () => {
    const v = hostKeyVerdict([file('/u', []), file(onramp, [])], '127.0.0.1', 2222, ed);
    expect(v).toEqual({ kind: 'unknown', key: { algorithm: 'ED25519', fingerprint: fingerprintOf(ed) } });
    expect(hostKeyMessage(v, '127.0.0.1', 2222, onramp)).toContain(fingerprintOf(ed));
  });

  it('is not "unknown" when only another key type is listed (issue 12): changed, to be verified', () => {
    const v = hostKeyVerdict([file('/u', [knownHostLine('h', 22, rsa)])], 'h', 22, ed);
    expect(v).toMatchObject({ kind: 'changed', otherType: true, previous: { algorithm: 'RSA', file: '/u', line: 1 } });
  });

  it('is changed when another key of the same type is listed, naming file, line, both fingerprints and the fix', () => {
    const other = Buffer.from(ed);
    other[other.length - 1] = (other[other.length - 1] ?? 0) ^ 1;
    const v = hostKeyVerdict(
      [file('/home/u/.ssh/known_hosts', ['# c', knownHostLine('h', 2222, other)])],
      'h',
      2222,
      ed,
    );
    expect(v).toMatchObject({
      kind: 'changed',
      previous: { file: '/home/u/.ssh/known_hosts', line: 2, fingerprint: fingerprintOf(other) },
    });
    expect(hostKeyMessage(v, 'h', 2222, onramp)).toBe(
      `the host key of dom0 (h:2222) has CHANGED: /home/u/.ssh/known_hosts line 2 has ED25519 ${fingerprintOf(other)}, ` +
        `but the server now presents ED25519 ${fingerprintOf(ed)}. Someone may be intercepting the connection, or dom0 was reinstalled. ` +
        "Refusing to connect. If you know dom0 was reinstalled, run `ssh-keygen -R '[h]:2222' -f /home/u/.ssh/known_hosts`, " +
        'then connect again and accept the new key.',
    );
  });

  it('offers "forget this host" when the old key is in Onramp\'s file', () => {
    const v = hostKeyVerdict(
      [file(onramp, [knownHostLine('h', 22, Buffer.concat([ed.subarray(0, -1), Buffer.from([0])]))])],
      'h',
      22,
      ed,
    );
    expect(hostKeyMessage(v, 'h', 22, onramp)).toContain('"forget this host"');
  });

  it('refuses a revoked key even when it is also listed as known', () => {
    const v = hostKeyVerdict(
      [file('/u', [knownHostLine('h', 22, ed), `@revoked * ssh-ed25519 ${ed.toString('base64')}`])],
      'h',
      22,
      ed,
    );
    expect(v).toMatchObject({ kind: 'revoked', source: { line: 2 } });
  });

  it('ignores @cert-authority lines', () => {
    const v = hostKeyVerdict([file('/u', [`@cert-authority h ssh-ed25519 ${ed.toString('base64')}`])], 'h', 22, ed);
    expect(v.kind).toBe('unknown');
  });

  it('fails closed on an unreadable file, naming it and the error', () => {
    const v = hostKeyVerdict(
      [{ file: '/u', error: "EACCES: permission denied, open '/u'" }, file(onramp, [knownHostLine('h', 22, ed)])],
      'h',
      22,
      ed,
    );
    expect(v).toEqual({ kind: 'unreadable', file: '/u', error: "EACCES: permission denied, open '/u'" });
    expect(hostKeyMessage(v, 'h', 22, onramp)).toBe(
      "cannot check the host key of dom0 (h:22): /u could not be read (EACCES: permission denied, open '/u'). " +
        "Refusing to connect without it; fix the file's permissions or contents (or move it aside) and try again.",
    );
  });
});
