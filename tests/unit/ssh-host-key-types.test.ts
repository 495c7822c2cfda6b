// A host key of another type is not "unknown" (issue 12): known_hosts holding only ECDSA for
// [dom0.example]:2222 while the server offers ed25519 (ssh2 negotiates it first), in every order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, parseKnownHosts } from '../../server/ssh/known-hosts';
import { hostKeyMessage, hostKeyVerdict } from '../../server/ssh/host-key-verdict';

const fixtures = join(__dirname, '../fixtures/ssh');
const blobOf = (name: string) =>
  Buffer.from(readFileSync(join(fixtures, `key-${name}.pub`), 'utf8').split(' ')[1] ?? '', 'base64');
const keys = { ed25519: blobOf('ed25519'), rsa: blobOf('rsa'), ecdsa: blobOf('ecdsa') } as const;
type KeyName = keyof typeof keys;
const LABEL: Record<KeyName, string> = { ed25519: 'ED25519', rsa: 'RSA', ecdsa: 'ECDSA' };
const TYPE: Record<KeyName, string> = { ed25519: 'ssh-ed25519', rsa: 'ssh-rsa', ecdsa: 'ecdsa-sha2-nistp256' };
const line = (k: KeyName) => `[dom0.example]:2222 ${TYPE[k]} ${keys[k].toString('base64')}`;
const ONRAMP = '/cfg/known_hosts';
const USER = '/home/u/.ssh/known_hosts';

describe('known_hosts-ecdsa-only.composed.txt: ECDSA known, ed25519 offered', () => {
  it('is refused as changed, naming both keys and the verification', () => {
    const text = readFileSync(join(fixtures, 'known-hosts-ecdsa-only.composed.txt'), 'utf8');
    const v = hostKeyVerdict(
      [{ file: USER, entries: parseKnownHosts(text, USER) }],
      'dom0.example',
      2222,
      keys.ed25519,
    );
    expect(v).toEqual({
      kind: 'changed',
      otherType: true,
      key: { algorithm: 'ED25519', fingerprint: fingerprintOf(keys.ed25519) },
      previous: { algorithm: 'ECDSA', fingerprint: fingerprintOf(keys.ecdsa), file: USER, line: 2 },
    });
    expect(hostKeyMessage(v, 'dom0.example', 2222, ONRAMP)).toBe(
      `the host key of dom0 (dom0.example:2222) is of a type not known for this host: ${USER} line 2 has ECDSA ${fingerprintOf(keys.ecdsa)}, ` +
        `but the server now presents ED25519 ${fingerprintOf(keys.ed25519)}. A different key type is already known for this host, ` +
        'so this is not a first connection: the new key must be verified before it is trusted. Refusing to connect. ' +
        "Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` run on dom0's console; " +
        `if it matches, run \`ssh-keygen -R '[dom0.example]:2222' -f ${USER}\`, then connect again and accept the new key.`,
    );
  });
});

describe('every known type against every presented type', () => {
  const names: KeyName[] = ['ed25519', 'rsa', 'ecdsa'];
  const pairs = names.flatMap((known) => names.map((presented) => [known, presented] as const));
  it.each(pairs)('known %s, presented %s', (known, presented) => {
    const v = hostKeyVerdict(
      [{ file: ONRAMP, entries: parseKnownHosts(line(known), ONRAMP) }],
      'dom0.example',
      2222,
      keys[presented],
    );
    if (known === presented) expect(v.kind).toBe('known');
    else {
      expect(v).toMatchObject({ kind: 'changed', otherType: true, previous: { algorithm: LABEL[known] } });
      expect(hostKeyMessage(v, 'dom0.example', 2222, ONRAMP)).toContain(`Onramp's "forget this host"`);
    }
  });

  const orders: KeyName[][] = [
    ['rsa', 'ecdsa'],
    ['ecdsa', 'rsa'],
  ];
  it.each(orders)('two other types listed (%s then %s): still refused, never a first-use prompt', (a, b) => {
    const text = [line(a), line(b)].join('\n');
    const v = hostKeyVerdict(
      [{ file: USER, entries: parseKnownHosts(text, USER) }],
      'dom0.example',
      2222,
      keys.ed25519,
    );
    expect(v).toMatchObject({ kind: 'changed', otherType: true, previous: { algorithm: LABEL[a], line: 1 } });
  });

  it('a key of the presented type listed after another type is known, whatever the order', () => {
    for (const text of [
      [line('ecdsa'), line('ed25519')],
      [line('ed25519'), line('ecdsa')],
    ]) {
      const v = hostKeyVerdict(
        [{ file: USER, entries: parseKnownHosts(text.join('\n'), USER) }],
        'dom0.example',
        2222,
        keys.ed25519,
      );
      expect(v.kind).toBe('known');
    }
  });

  it("another host's keys do not count: still unknown", () => {
    const text = `other.example ${TYPE.ecdsa} ${keys.ecdsa.toString('base64')}`;
    const v = hostKeyVerdict(
      [{ file: USER, entries: parseKnownHosts(text, USER) }],
      'dom0.example',
      2222,
      keys.ed25519,
    );
    expect(v.kind).toBe('unknown');
  });
});
