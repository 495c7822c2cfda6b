// Open one ssh2 connection to dom0: the login method's settings, host key verification through
// a callback, keepalives, and the `lost` error set before the connection's channels close.
import { readFile } from 'node:fs/promises';
import { Client, type ConnectConfig } from 'ssh2';
import type { Dom0SecretKind, Dom0Target } from '../../protocol/socket-dom0';
import { expandHome } from '../config/paths';
import { Dom0Error, classifyConnectError, connectionLostError, targetLabel } from './dom0-error';

/** A live connection. `lost` is set (before its channels close) when it drops. */
export interface PooledConnection {
  readonly client: Client;
  readonly target: Dom0Target;
  readonly serverVersion: string;
  /** How the connection was made: ms to the end of key exchange and to a finished login, the cipher (client to dom0). */
  readonly timings?: ConnectTimings;
  lost: Dom0Error | null;
}

export interface ConnectTimings {
  readonly kexMs: number;
  readonly loginMs: number;
  readonly cipher: string;
}

export type ConnectionEvent = {
  readonly target: Dom0Target;
  readonly state: 'connected' | 'disconnected';
  readonly detail: string;
};

/** ssh2 settings for the target's login method; secrets come from memory, never from disk. */
export async function loginConfig(
  target: Dom0Target,
  secret: (kind: Dom0SecretKind) => string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Partial<ConnectConfig>> {
  const label = targetLabel(target);
  switch (target.auth.kind) {
    case 'agent': {
      const agent = env.SSH_AUTH_SOCK;
      if (!agent)
        throw new Dom0Error(
          'auth-failed',
          `agent login to dom0 (${label}) needs an SSH agent, but SSH_AUTH_SOCK is not set: start one (\`eval $(ssh-agent)\`, \`ssh-add\`) or choose a key file`,
        );
      return { agent };
    }
    case 'key': {
      // The Settings page suggests ~/.ssh/id_ed25519, as ssh's IdentityFile would read it.
      const path = expandHome(target.auth.path);
      let privateKey: Buffer;
      try {
        privateKey = await readFile(path);
      } catch (err) {
        throw new Dom0Error(
          'key-unreadable',
          `cannot read the key ${path} for dom0 (${label}): ${(err as Error).message}. Check the path (IdentityFile) and its permissions.`,
          undefined,
          { cause: err },
        );
      }
      const passphrase = secret('passphrase');
      return passphrase === undefined ? { privateKey } : { privateKey, passphrase };
    }
    case 'password': {
      const password = secret('password');
      if (password === undefined)
        throw new Dom0Error(
          'password-needed',
          `dom0 (${label}) uses password login: enter the password for ${target.user}`,
        );
      return { password };
    }
  }
}

export interface OpenOptions {
  readonly login: Partial<ConnectConfig>;
  /** A stream to dom0 through a jump host, instead of a TCP connection. */
  readonly sock?: NonNullable<ConnectConfig['sock']>;
  readonly readyTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveCountMax: number;
  /** null when the key is trusted; otherwise the error to fail the connection with. */
  readonly verifyHostKey: (keyBlob: Buffer) => Promise<Dom0Error | null>;
  readonly onChange: (e: ConnectionEvent) => void;
}

/**
 * ssh2's native AES-GCM decipher reports a packet whose authentication tag does not match (data
 * corrupted or out of step) as OpenSSL's empty error, `error:00000000:lib(0)::reason(0)`
 * (EVP_DecryptFinal_ex fails without queuing an error): say what it means.
 */
export function transportFailure(message: string): string {
  return message === 'error:00000000:lib(0)::reason(0)'
    ? `a packet from dom0 failed its integrity check (AES-GCM tag mismatch, ssh2 said "${message}")`
    : message;
}

export function openConnection(target: Dom0Target, o: OpenOptions): Promise<PooledConnection> {
  const client = new Client();
  let hostKeyError: Dom0Error | null = null;
  const config: ConnectConfig = {
    host: target.host,
    port: target.port,
    username: target.user,
    readyTimeout: o.readyTimeoutMs,
    keepaliveInterval: o.keepaliveIntervalMs,
    keepaliveCountMax: o.keepaliveCountMax,
    tryKeyboard: false,
    ...o.login,
    ...(o.sock ? { sock: o.sock } : {}),
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
      o.verifyHostKey(key).then(
        (err) => {
          hostKeyError = err;
          verify(err === null);
        },
        (err: unknown) => {
          hostKeyError = new Dom0Error('known-hosts-unreadable', `cannot check the host key of dom0: ${String(err)}`);
          verify(false);
        },
      );
    },
  };
  const startedAt = Date.now();
  let kexMs = 0;
  let cipher = 'unknown';
  client.once('handshake', (negotiated: { cs?: { cipher?: string } }) => {
    kexMs = Date.now() - startedAt;
    cipher = negotiated.cs?.cipher ?? 'unknown';
  });
  return new Promise<PooledConnection>((resolve, reject) => {
    let live: PooledConnection | null = null;
    client.on('error', (err: Error & { level?: string }) => {
      if (!live) {
        reject(hostKeyError ?? classifyConnectError(err, target, o.readyTimeoutMs));
        client.end();
        return;
      }
      const code = (err as NodeJS.ErrnoException).code;
      const reason =
        err.level === 'client-timeout'
          ? `no answer to ${o.keepaliveCountMax} keepalives sent every ${o.keepaliveIntervalMs / 1000} s`
          : code === 'ECONNRESET' || code === 'EPIPE'
            ? `dom0 closed the connection (${code})`
            : transportFailure(err.message);
      live.lost ??= connectionLostError(target, reason);
    });
    client.on('close', () => {
      // A connection that never became ready was already rejected by 'error' (a second reject is a no-op).
      if (!live) {
        reject(
          hostKeyError ??
            new Dom0Error(
              'unreachable',
              `dom0 (${targetLabel(target)}) closed the connection before the login finished`,
            ),
        );
        return;
      }
      live.lost ??= connectionLostError(target, 'dom0 closed the connection');
      o.onChange({ target, state: 'disconnected', detail: live.lost.message });
    });
    client.once('ready', () => {
      const serverVersion = (client as unknown as { _remoteVer?: string })._remoteVer ?? 'unknown';
      live = {
        client,
        target,
        serverVersion,
        timings: { kexMs, loginMs: Date.now() - startedAt - kexMs, cipher },
        lost: null,
      };
      o.onChange({ target, state: 'connected', detail: `connected to ${targetLabel(target)} (${serverVersion})` });
      resolve(live);
    });
    try {
      client.connect(config);
    } catch (err) {
      reject(classifyConnectError(err, target, o.readyTimeoutMs));
    }
  });
}
