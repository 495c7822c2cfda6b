// One SSH connection per dom0 target, shared by every step and check (like OpenSSH's
// ControlMaster): host keys verified against known_hosts, keepalives to notice a dead link,
// a semaphore to stay below sshd's MaxSessions, and a fresh connection after a drop.
import type { ConnectConfig } from 'ssh2';
import type { Dom0SecretKind, Dom0Target } from '../../protocol/socket-dom0';
import { Dom0Error, targetLabel } from './dom0-error';
import { hostKeyMessage, hostKeyVerdict, presentedKey } from './host-key-verdict';
import {
  acceptHostKey,
  defaultKnownHostsPaths,
  forgetHost,
  readKnownHosts,
  type KnownHostsPaths,
} from './known-hosts-store';
import { parseJumpSpec } from './jump-spec';
import { loginConfig, openConnection, type ConnectionEvent, type PooledConnection } from './open-connection';
import { Semaphore } from './semaphore';
import { ExpiringSecrets } from '../runners/sudo-secrets';

export type { ConnectionEvent, PooledConnection };

export interface ConnectionPoolOptions {
  readonly knownHosts?: KnownHostsPaths;
  /** Default 10 s: with 3 missed answers a dead link is noticed within 40 s. */
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  readonly readyTimeoutMs?: number;
  /** Work channels open at once per connection (default 8; 1 more is kept for side commands: sshd's MaxSessions defaults to 10). */
  readonly maxChannels?: number;
  /** Where SSH_AUTH_SOCK is read (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface PoolStats {
  /** SSH connections opened since the pool was made (jump hosts included). */
  readonly connects: number;
  readonly open: number;
  readonly channelsInUse: number;
  readonly queued: number;
}

const SIDE_CHANNELS = 1;
const targetKey = (t: Dom0Target) => `${targetLabel(t)}|${t.auth.kind}|${t.proxyJump ?? ''}`;
const hostKeyId = (host: string, port: number) => `${host}|${port}`;

export class ConnectionPool {
  private readonly connections = new Map<string, Promise<PooledConnection>>();
  private readonly semaphores = new Map<string, Semaphore>();
  private readonly sideSemaphores = new Map<string, Semaphore>();
  /** Passwords, passphrases and sudo passwords: memory only, 15 minutes (sudo-secrets.ts). */
  private readonly secrets = new ExpiringSecrets();
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

  /** Forget every secret held (the reader's "Forget", server exit); returns how many. */
  forgetSecrets(): number {
    return this.secrets.deletePrefix('');
  }

  onConnectionChange(listener: (e: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Trust the key last refused as unknown for host:port, if it still has this fingerprint. */
  async acceptHostKey(host: string, port: number, fingerprint: string): Promise<void> {
    const blob = this.unknownKeys.get(hostKeyId(host, port));
    if (!blob)
      throw new Dom0Error(
        'other',
        `no unknown host key is waiting for ${host}:${port}: test the connection first, then accept the key it shows`,
      );
    const shown = presentedKey(blob).fingerprint;
    if (shown !== fingerprint)
      throw new Dom0Error(
        'host-key-changed',
        `the host key of ${host}:${port} is ${shown}, not the accepted ${fingerprint}: test the connection again and compare`,
      );
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
   * Run `fn` on a slot kept apart from the work slots, for short side commands such as cancel's
   * kill: it must not wait behind the work it ends, and 8 + 1 stays below sshd's MaxSessions 10.
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

  /** End every connection (and forget them); the pool can connect again afterwards. */
  async dispose(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    for (const p of all) {
      const live = await p.catch(() => null);
      live?.client.end();
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
    const kind =
      verdict.kind === 'changed'
        ? 'host-key-changed'
        : verdict.kind === 'revoked'
          ? 'host-key-revoked'
          : 'known-hosts-unreadable';
    return new Dom0Error(kind, message, 'key' in verdict ? { host, port, ...verdict.key } : undefined);
  }

  private async jumpSocket(target: Dom0Target, spec: string): Promise<NonNullable<ConnectConfig['sock']>> {
    const jump = parseJumpSpec(spec, target);
    const conn = await this.connection(jump);
    return new Promise((resolve, reject) => {
      conn.client.forwardOut('127.0.0.1', 0, target.host, target.port, (err, stream) => {
        if (err)
          reject(
            new Dom0Error(
              'unreachable',
              `the jump host ${targetLabel(jump)} could not reach ${target.host} port ${target.port}: ${err.message}`,
              undefined,
              { cause: err },
            ),
          );
        else resolve(stream);
      });
    });
  }

  private async open(target: Dom0Target): Promise<PooledConnection> {
    const login = await loginConfig(target, (kind) => this.secret(target, kind), this.options.env ?? process.env);
    const sock = target.proxyJump ? await this.jumpSocket(target, target.proxyJump) : undefined;
    this.connects += 1;
    return openConnection(target, {
      login,
      ...(sock ? { sock } : {}),
      readyTimeoutMs: this.options.readyTimeoutMs ?? 20_000,
      keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? 10_000,
      keepaliveCountMax: this.options.keepaliveCountMax ?? 3,
      verifyHostKey: (blob) => this.verifyHostKey(target.host, target.port, blob),
      onChange: (e) => {
        for (const l of this.listeners) l(e);
      },
    });
  }
}
