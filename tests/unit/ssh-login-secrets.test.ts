// A dom0 login that wants a secret asks for it; Cancel on that prompt is a cancel (the run ends
// canceled), not the login error; the answer is held and the login tried again.
import { describe, expect, it } from 'vitest';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { ConnectionPool } from '../../server/ssh/connection-pool';
import { Dom0Error } from '../../server/ssh/dom0-error';
import { LoginSecretDeclined, withLoginSecrets } from '../../server/runners/ssh-login-secrets';

const target: Dom0Target = { host: '127.0.0.1', port: 22, user: 'alice', auth: { kind: 'key', path: '/k' } };

function stubPool() {
  const held = new Map<string, string>();
  const pool = {
    setSecret: (_t: Dom0Target, kind: string, value: string) => void held.set(kind, value),
    clearSecret: (_t: Dom0Target, kind: string) => void held.delete(kind),
  } as unknown as ConnectionPool;
  return { pool, held };
}

const passphraseNeeded = () => new Dom0Error('passphrase-needed', 'the key /k is encrypted: its passphrase is needed');

describe('withLoginSecrets', () => {
  it('Cancel on the passphrase prompt throws LoginSecretDeclined, keeping the login error as its cause', async () => {
    const { pool } = stubPool();
    const asked: string[] = [];
    const err = await withLoginSecrets(
      pool,
      target,
      async (req) => {
        asked.push(`${req.kind}: ${req.label}`);
        return undefined;
      },
      () => Promise.reject(passphraseNeeded()),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginSecretDeclined);
    expect((err as Error).cause).toBeInstanceOf(Dom0Error);
    expect(asked).toEqual(['passphrase: passphrase of the key /k for dom0 (alice@127.0.0.1:22)']);
  });

  it('an answer is held and the login tried again', async () => {
    const { pool, held } = stubPool();
    let tries = 0;
    const value = await withLoginSecrets(
      pool,
      target,
      async () => 'open sesame',
      async () => {
        tries += 1;
        if (held.get('passphrase') !== 'open sesame') throw passphraseNeeded();
        return 'connected';
      },
    );
    expect(value).toBe('connected');
    expect(tries).toBe(2);
  });

  it('without anyone to ask, the login error stands', async () => {
    const { pool } = stubPool();
    await expect(withLoginSecrets(pool, target, undefined, () => Promise.reject(passphraseNeeded()))).rejects.toThrow(
      'its passphrase is needed',
    );
  });
});
