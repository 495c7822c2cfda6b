// One SSH connection per dom0 target, shared by every step and check (like OpenSSH's
// ControlMaster): host keys verified against known_hosts, keepalives to notice a dead link,
// a semaphore to stay below sshd's MaxSessions, and a fresh connection after a drop.
import { readFile } from 'node:fs/promises';
import { Client, type ConnectConfig } from 'ssh2';
import type { Dom0SecretKind, Dom0Target } from '../../protocol/socket-dom0';
import { Dom0Error, classifyConnectError, connectionLostError, targetLabel } from './dom0-error';
import { hostKeyMessage, hostKeyVerdict, presentedKey } from './host-key-verdict';
import { acceptHostKey, defaultKnownHostsPaths, forgetHost, readKnownHosts, type KnownHostsPaths } from './known-hosts-store';
import { parseJumpSpec } from './jump-spec';
import { Semaphore } from './semaphore';

export interface ConnectionPoolOptions {
  readonly knownHosts?: KnownHostsPaths;
  /** Default 10 s: with 3 missed answers a dead link is noticed within 40 s. */
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  readonly readyTimeoutMs?: number;
  /** Work channels open at once per connection (default 8; 2 more are kept for side commands: sshd's MaxSessions defaults to 10). */
  readonly maxChannels?: number;
  /** Where SSH_AUTH_SOCK is read (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A live pooled connection. `lost` is set (before its channels close) when it drops. */
export interface PooledConnection {
  readonly client: Client;
  readonly target: Dom0Target;
  readonly serverVersion: string;
  lost: Dom0Error | null;
}

export interface PoolStats {
  /** SSH connections opened since the pool was made (jump hosts included). */
  readonly connects: number;
  readonly open: number;
  readonly channelsInUse: number;
  readonly queued: number;
}

export type ConnectionEvent = { readonly target: Dom0Target; readonly state: 'connected' | 'disconnected'; readonly detail: string };

const SIDE_CHANNELS = 2;
const targetKey = (t: Dom0Target) => `${targetLabel(t)}|${t.auth.kind}|${t.proxyJump ?? ''}`;
const hostKeyId = (host: string, port: number) => `${host}|${port}`;

export class ConnectionPool {
  private readonly connections = new Map<string, Promise<PooledConnection>>();
  private readonly semaphores = new Map<string, Semaphore>();
  private readonly sideSemaphores = new Map<string, Semaphore>();
  private readonly secrets = new Map<string, string>();
  private readonly unknownKeys = new Map<string, Buffer>();
  private readonly listeners = new Set<(e: ConnectionEvent) => void>();
  private connects = 0;
  readonly knownHosts: KnownHostsPaths;

  constructor(private readonly options: ConnectionPoolOptions = {}) {
    this.knownHosts = options.knownHosts ?? defaultKnownHostsPaths(options.env);
  }

  /** Keep a password, key passphrase or sudo password in memory for this target. */
  setSecret(target: Dom0Target, kind: Dom0SecretKind, value: string): void {
    this.secrets.set(`${targetLabel(target)}|${kind}`, value);
  }

  secret(target: Dom0Target, kind: Dom0SecretKind): string | undefined {
    return this.secrets.get(`${targetLabel(target)}|${kind}`);
  }

  clearSecret(target: Dom0Target, kind: Dom0SecretKind): void {
    this.secrets.delete(`${targetLabel(target)}|${kind}`);
  }

  onConnectionChange(listener: (e: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Trust the key last refused as unknown for host:port, if it still has this fingerprint. */
  async acceptHostKey(host: string, port: number, fingerprint: string): Promise<void> {
    const blob = this.unknownKeys.get(hostKeyId(host, port));
    if (!blob) throw new Dom0Error('other', `no unknown host key is waiting for ${host}:${port}: test the connection first, then accept the key it shows`);
    const shown = presentedKey(blob).fingerprint;
    if (shown !== fingerprint) throw new Dom0Error('host-key-changed', `the host key of ${host}:${port} is ${shown}, not the accepted ${fingerprint}: test the connection again and compare`);
    await acceptHostKey(this.knownHosts, host, port, blob);
    this.unknownKeys.delete(hostKeyId(host, port));
  }

  forgetHost(host: string, port: number): Promise<number> {
    return forgetHost(this.knownHosts, host, port);
  }

  /** The target's live connection, connecting (once, shared by concurrent callers) when needed. */
  async connection(target: Dom0Target): Promise<PooledConnection> {
    const key = targetKey(target);
    const existing = this.connections.get(key);
    if (existing) {
      const live = await existing.catch(() => null);
      if (live && !live.lost) return live;
      if (this.connections.get(key) === existing) this.connections.delete(key);
    }
    const pending = this.open(target);
    this.connections.set(key, pending);
    pending.catch(() => {
      if (this.connections.get(key) === pending) this.connections.delete(key);
    });
    return pending;
  }

  /** Run `fn` holding one of the connection's channel slots; extra work waits its turn. */
  async withChannel<T>(target: Dom0Target, fn: (conn: PooledConnection) => Promise<T>): Promise<T> {
    const key = targetKey(target);
    let semaphore = this.semaphores.get(key);
    if (!semaphore) {
      semaphore = new Semaphore(this.options.maxChannels ?? 8);
      this.semaphores.set(key, semaphore);
    }
    const release = await semaphore.acquire();
    try {
      return await fn(await this.connection(target));
    } finally {
      release();
    }
  }

  /**
   * Run `fn` on one of 2 slots kept apart from the work slots, for short side commands such as
   * cancel's kill: it must not wait behind the work it ends, and 8 + 2 stays within MaxSessions 10.
   */
  async withSideChannel<T>(target: Dom0Target, fn: (conn: PooledConnection) => Promise<T>): Promise<T> {
    const key = `${targetKey(target)}|side`;
    let semaphore = this.sideSemaphores.get(key);
    if (!semaphore) {
      semaphore = new Semaphore(SIDE_CHANNELS);
      this.sideSemaphores.set(key, semaphore);
    }
    const release = await semaphore.acquire();
    try {
      return await fn(await this.connection(target));
    } finally {
      release();
    }
  }

  stats(): PoolStats {
    const sems = [...this.semaphores.values()];
    return {
      connects: this.connects,
      open: this.connections.size,
      channelsInUse: sems.reduce((n, s) => n + s.inUse, 0),
      queued: sems.reduce((n, s) => n + s.queued, 0),
    };
  }

  async close(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    for (const p of all) {
      const live = await p.catch(() => null);
      live?.client.end();
    }
  }

  private async authConfig(target: Dom0Target): Promise<Partial<ConnectConfig>> {
    const label = targetLabel(target);
    switch (target.auth.kind) {
      case 'agent': {
        const agent = (this.options.env ?? process.env).SSH_AUTH_SOCK;
        if (!agent) throw new Dom0Error('auth-failed', `agent login to dom0 (${label}) needs an SSH agent, but SSH_AUTH_SOCK is not set: start one (\`eval $(ssh-agent)\`, \`ssh-add\`) or choose a key file`);
        return { agent };
      }
      case 'key': {
        const path = target.auth.path;
        let privateKey: Buffer;
        try {
          privateKey = await readFile(path);
        } catch (err) {
          throw new Dom0Error('key-unreadable', `cannot read the key ${path} for dom0 (${label}): ${(err as Error).message}. Check the path (IdentityFile) and its permissions.`, undefined, { cause: err });
        }
        const passphrase = this.secret(target, 'passphrase');
        return passphrase === undefined ? { privateKey } : { privateKey, passphrase };
      }
      case 'password': {
        const password = this.secret(target, 'password');
        if (password === undefined) throw new Dom0Error('password-needed', `dom0 (${label}) uses password login: enter the password for ${target.user}`);
        return { password };
      }
    }
  }

  private async verifyHostKey(host: string, port: number, blob: Buffer): Promise<Dom0Error | null> {
    const verdict = hostKeyVerdict(await readKnownHosts(this.knownHosts), host, port, blob);
    const message = hostKeyMessage(verdict, host, port, this.knownHosts.onramp);
    if (message === null) return null;
    if (verdict.kind === 'unknown') {
      this.unknownKeys.set(hostKeyId(host, port), blob);
      return new Dom0Error('host-key-unknown', message, { host, port, ...verdict.key });
    }
    const kind = verdict.kind === 'changed' ? 'host-key-changed' : verdict.kind === 'revoked' ? 'host-key-revoked' : 'known-hosts-unreadable';
    return new Dom0Error(kind, message, 'key' in verdict ? { host, port, ...verdict.key } : undefined);
  }

  private async jumpSocket(target: Dom0Target, spec: string): Promise<NonNullable<ConnectConfig['sock']>> {
    const jump = parseJumpSpec(spec, target);
    const conn = await this.connection(jump);
    return new Promise((resolve, reject) => {
      conn.client.forwardOut('127.0.0.1', 0, target.host, target.port, (err, stream) => {
        if (err) reject(new Dom0Error('unreachable', `the jump host ${targetLabel(jump)} could not reach ${target.host} port ${target.port}: ${err.message}`, undefined, { cause: err }));
        else resolve(stream);
      });
    });
  }

  private async open(target: Dom0Target): Promise<PooledConnection> {
    const readyTimeout = this.options.readyTimeoutMs ?? 20_000;
    const interval = this.options.keepaliveIntervalMs ?? 10_000;
    const countMax = this.options.keepaliveCountMax ?? 3;
    const auth = await this.authConfig(target);
    const sock = target.proxyJump ? await this.jumpSocket(target, target.proxyJump) : undefined;
    const client = new Client();
    let hostKeyError: Dom0Error | null = null;
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.user,
      readyTimeout: readyTimeout,
      keepaliveInterval: interval,
      keepaliveCountMax: countMax,
      tryKeyboard: false,
      ...auth,
      ...(sock ? { sock } : {}),
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        this.verifyHostKey(target.host, target.port, key).then(
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
    this.connects += 1;
    return new Promise<PooledConnection>((resolve, reject) => {
      let live: PooledConnection | null = null;
      client.on('error', (err: Error & { level?: string }) => {
        if (!live) {
          reject(hostKeyError ?? classifyConnectError(err, target, readyTimeout));
          client.end();
          return;
        }
        const code = (err as NodeJS.ErrnoException).code;
        const reason =
          err.level === 'client-timeout'
            ? `no answer to ${countMax} keepalives sent every ${interval / 1000} s`
            : code === 'ECONNRESET' || code === 'EPIPE'
              ? `dom0 closed the connection (${code})`
              : err.message;
        live.lost ??= connectionLostError(target, reason);
      });
      client.on('close', () => {
        // A connection that never became ready was already rejected by 'error'.
        if (!live) {
          reject(hostKeyError ?? new Dom0Error('unreachable', `dom0 (${targetLabel(target)}) closed the connection before the login finished`));
          return;
        }
        live.lost ??= connectionLostError(target, 'dom0 closed the connection');
        for (const l of this.listeners) l({ target, state: 'disconnected', detail: live.lost.message });
      });
      client.once('ready', () => {
        const serverVersion = (client as unknown as { _remoteVer?: string })._remoteVer ?? 'unknown';
        live = { client, target, serverVersion, lost: null };
        for (const l of this.listeners) l({ target, state: 'connected', detail: `connected to ${targetLabel(target)} (${serverVersion})` });
        resolve(live);
      });
      try {
        client.connect(config);
      } catch (err) {
        reject(classifyConnectError(err, target, readyTimeout));
      }
    });
  }
}
