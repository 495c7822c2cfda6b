// A dom0 run that cannot log in for want of a secret (the user's password, the key's passphrase)
// asks the reader in the step's panel, keeps the answer in the pool's memory and tries again;
// a wrong answer is dropped and asked for once more. Without someone to ask, the error stands.
import type { Dom0SecretKind, Dom0Target } from '../../protocol/socket-dom0';
import type { ConnectionPool } from '../ssh/connection-pool';
import { Dom0Error, targetLabel } from '../ssh/dom0-error';
import { errorMessage } from '../../protocol/result';
import type { SecretAsker } from './types';

/** How many answers a run may give before the login error ends it. */
const MAX_ANSWERS = 3;

/** The secret a login error calls for, or null when no secret would help. */
export function loginSecretFor(err: unknown, target: Dom0Target): Dom0SecretKind | null {
  if (!(err instanceof Dom0Error)) return null;
  if (err.kind === 'password-needed') return 'password';
  if (err.kind === 'passphrase-needed') return 'passphrase';
  if (err.kind === 'auth-failed' && target.auth.kind === 'password') return 'password';
  return null;
}

/** "password for alice in dom0 (alice@192.168.56.5:22)" and the like. */
export function loginSecretLabel(kind: Dom0SecretKind, target: Dom0Target): string {
  if (kind === 'passphrase')
    return `passphrase of the key ${target.auth.kind === 'key' ? target.auth.path : ''} for dom0 (${targetLabel(target)})`;
  return `login password for ${target.user} in dom0 (${targetLabel(target)})`;
}

/** The reader declined the login prompt (Cancel): the run ends canceled, not with the login error. */
export class LoginSecretDeclined extends Error {
  constructor(cause: unknown) {
    super(`canceled while asked for a login secret: ${errorMessage(cause)}`, { cause });
    this.name = 'LoginSecretDeclined';
  }
}

/** Run `start`; on a login error a secret would fix, ask through `ask`, hold the answer and start again. */
export async function withLoginSecrets<T>(
  pool: ConnectionPool,
  target: Dom0Target,
  ask: SecretAsker | undefined,
  start: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      const kind = loginSecretFor(err, target);
      if (kind === null || ask === undefined || attempt > MAX_ANSWERS) throw err;
      // A held secret that led here was wrong.
      pool.clearSecret(target, kind);
      const value = await ask({
        kind,
        target: 'dom0',
        label: loginSecretLabel(kind, target),
        message: errorMessage(err),
        attempt,
      });
      if (value === undefined) throw new LoginSecretDeclined(err);
      pool.setSecret(target, kind, value);
    }
  }
}
