// Every way reaching dom0 can fail, as one error type with a kind the UI can act on
// (prompt for a passphrase, show a host key) and a message that says what to do.
import type { Dom0ErrorKind, Dom0HostKeyPrompt, Dom0Target } from '../../protocol/socket-dom0';

export class Dom0Error extends Error {
  override readonly name = 'Dom0Error';
  constructor(
    readonly kind: Dom0ErrorKind,
    message: string,
    readonly hostKey?: Dom0HostKeyPrompt,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function targetLabel(t: Pick<Dom0Target, 'user' | 'host' | 'port'>): string {
  return `${t.user}@${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}

/** Which methods a login tried, in words, for "authentication failed" messages. */
export function authMethodsTried(target: Dom0Target): string {
  switch (target.auth.kind) {
    case 'agent':
      return 'public keys from the SSH agent (SSH_AUTH_SOCK)';
    case 'key':
      return `the public key ${target.auth.path}`;
    case 'password':
      return 'a password';
  }
}

/** Turn an ssh2 / socket error met while connecting into a specific Dom0Error. Pure. */
export function classifyConnectError(err: unknown, target: Dom0Target, readyTimeoutMs: number): Dom0Error {
  if (err instanceof Dom0Error) return err;
  const e = err as Partial<NodeJS.ErrnoException> & { level?: string };
  const message = e.message ?? String(err);
  const where = `${target.host} port ${target.port}`;
  const label = targetLabel(target);
  if (e.code === 'ECONNREFUSED') {
    return new Dom0Error(
      'unreachable',
      `dom0 is unreachable: ${where} refused the connection (ECONNREFUSED). Is sshd running in dom0, and is the port right?`,
      undefined,
      { cause: err },
    );
  }
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
    return new Dom0Error(
      'unreachable',
      `dom0 is unreachable: cannot reach ${where} (${e.code}). Check the address and that dom0 is running.`,
      undefined,
      { cause: err },
    );
  }
  if (e.level === 'client-timeout' || /Timed out while waiting for handshake/.test(message) || e.code === 'ETIMEDOUT') {
    return new Dom0Error(
      'unreachable',
      `dom0 is unreachable: no SSH answer from ${where} within ${readyTimeoutMs / 1000} s. Check the address, the port and any firewall.`,
      undefined,
      { cause: err },
    );
  }
  if (/All configured authentication methods failed/.test(message)) {
    const hint =
      target.auth.kind === 'password'
        ? 'Check the password (enter it again).'
        : `Check that the public key is in ~${target.user}/.ssh/authorized_keys on dom0 and that the user name is right.`;
    return new Dom0Error(
      'auth-failed',
      `dom0 (${label}) refused the login: all configured authentication methods failed (tried ${authMethodsTried(target)}). ${hint}`,
      undefined,
      { cause: err },
    );
  }
  if (/no passphrase given/.test(message)) {
    const path = target.auth.kind === 'key' ? target.auth.path : 'the key';
    return new Dom0Error(
      'passphrase-needed',
      `the key ${path} is protected by a passphrase: enter it to connect to dom0 (${label}).`,
      undefined,
      { cause: err },
    );
  }
  if (/bad passphrase|integrity check failed|bad decrypt/.test(message)) {
    const path = target.auth.kind === 'key' ? target.auth.path : 'the key';
    return new Dom0Error('passphrase-needed', `the passphrase for ${path} is wrong: enter it again.`, undefined, {
      cause: err,
    });
  }
  if (/Cannot parse privateKey|Unsupported key format/.test(message)) {
    const path = target.auth.kind === 'key' ? target.auth.path : 'the key';
    return new Dom0Error(
      'key-unreadable',
      `${path} is not a private key Onramp can read (${message}). Use an OpenSSH private key file (not the .pub).`,
      undefined,
      { cause: err },
    );
  }
  return new Dom0Error('other', `cannot connect to dom0 (${label}): ${message}`, undefined, { cause: err });
}

/** The error running channels fail with when the pooled connection drops. */
export function connectionLostError(target: Dom0Target, reason: string): Dom0Error {
  return new Dom0Error(
    'connection-lost',
    `lost the connection to dom0 (${targetLabel(target)}): ${reason}. The next step or check reconnects by itself.`,
  );
}
