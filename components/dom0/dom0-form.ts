// The settings form's values and the dom0 target they stand for (pure: no DOM, no socket).
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { Result } from '../../protocol/result';

export type AuthKind = Dom0Target['auth']['kind'];

export interface Dom0FormValues {
  readonly host: string;
  readonly port: string;
  readonly user: string;
  readonly authKind: AuthKind;
  readonly keyPath: string;
}

/** The guide's dom0 users: the placeholder of the empty User field and the hint when it is left empty. */
export const USER_HINT = 'user on the VirtualBox dom0, onramp on the QEMU lab';

export const EMPTY_FORM: Dom0FormValues = {
  host: '',
  port: '22',
  user: '',
  authKind: 'key',
  keyPath: '~/.ssh/id_ed25519',
};

export function formFromTarget(target: Dom0Target): Dom0FormValues {
  return {
    host: target.host,
    port: String(target.port),
    user: target.user,
    authKind: target.auth.kind,
    keyPath: target.auth.kind === 'key' ? target.auth.path : EMPTY_FORM.keyPath,
  };
}

export type FormTarget = Result<Dom0Target>;

/** The target payload for `dom0:set-target`; the server parses it again with the protocol schema. */
export function targetFromForm(form: Dom0FormValues): FormTarget {
  const host = form.host.trim();
  if (host === '') return { ok: false, error: "Enter dom0's host name or IP address." };
  const port = Number(form.port.trim());
  if (!/^[0-9]{1,5}$/.test(form.port.trim()) || port < 1 || port > 65535) {
    return { ok: false, error: `Port "${form.port}" is not a port: enter a number from 1 to 65535 (SSH's is 22).` };
  }
  const user = form.user.trim();
  if (user === '') return { ok: false, error: `Enter the user to log in to dom0 as (${USER_HINT}).` };
  const keyPath = form.keyPath.trim();
  if (form.authKind === 'key' && keyPath === '')
    return { ok: false, error: 'Enter the path of the private key file (for example ~/.ssh/id_ed25519).' };
  const auth: Dom0Target['auth'] = form.authKind === 'key' ? { kind: 'key', path: keyPath } : { kind: form.authKind };
  return { ok: true, value: { host, port, user, auth } };
}
