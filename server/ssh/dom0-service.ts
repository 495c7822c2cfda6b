// What the socket layer calls for dom0: target settings, connection test, host key acceptance,
// secrets (memory only) and interactive shells. Payloads arrive `unknown` and are parsed here.
import { randomBytes } from 'node:crypto';
import {
  Dom0HostKeyAcceptSchema,
  Dom0SecretSchema,
  Dom0ShellInputSchema,
  Dom0ShellOpenSchema,
  Dom0ShellRefSchema,
  Dom0ShellResizeSchema,
  Dom0TargetSchema,
  type Dom0ServerEvents,
  type Dom0Target,
  type Dom0TestResult,
} from '../../protocol/socket-dom0';
import { dirname, join } from 'node:path';
import { loadPreviousTargets, replaceDom0Target } from '../config/dom0-history';
import { dom0TargetPath, loadDom0Target } from '../config/dom0-target';
import { createSshRunner } from '../runners/ssh';
import type { PtyProcess, TargetRunner } from '../runners/types';
import { ConnectionPool, type ConnectionEvent } from './connection-pool';
import { Dom0Error } from './dom0-error';
import { errorMessage } from '../../protocol/result';

export interface Dom0ServiceOptions {
  readonly pool?: ConnectionPool;
  /** dom0.json; defaults to the config dir. The earlier targets are kept beside it (dom0-previous.json). */
  readonly targetPath?: string;
}

type ShellEvents = Pick<Dom0ServerEvents, 'dom0:shell-data' | 'dom0:shell-exit'>;
type Emit = <E extends keyof ShellEvents>(event: E, ...args: Parameters<ShellEvents[E]>) => void;

const LOGIN_SHELL = ['sh', '-c', 'exec "${SHELL:-/bin/sh}" -l'];

export class Dom0Service {
  readonly pool: ConnectionPool;
  private readonly targetPath: string;
  private readonly historyPath: string;
  private readonly shells = new Map<string, PtyProcess>();
  private current: Dom0Target | null = null;

  constructor(options: Dom0ServiceOptions = {}) {
    this.pool = options.pool ?? new ConnectionPool();
    this.targetPath = options.targetPath ?? dom0TargetPath();
    this.historyPath = join(dirname(this.targetPath), 'dom0-previous.json');
  }

  async getTarget(): Promise<Dom0Target | null> {
    this.current = await loadDom0Target(this.targetPath);
    return this.current;
  }

  /** Save the target; the one it replaces is kept among the earlier targets. */
  async setTarget(payload: unknown): Promise<Dom0Target> {
    const target = Dom0TargetSchema.parse(payload);
    await replaceDom0Target(target, { target: this.targetPath, history: this.historyPath });
    this.current = target;
    return target;
  }

  /** The targets dom0.json held before, newest first. */
  previousTargets(): Promise<Dom0Target[]> {
    return loadPreviousTargets(this.historyPath);
  }

  /**
   * For the step runner provider (synchronous): the dom0 runner for the target last read or set,
   * or undefined when none is set. Call `getTarget()` once at start-up to load dom0.json.
   */
  currentRunner(): TargetRunner | undefined {
    return this.current ? createSshRunner(this.pool, this.current) : undefined;
  }

  /** The runner for `target="dom0"` steps and checks; fails when no target is set. */
  async runner(): Promise<TargetRunner> {
    return createSshRunner(this.pool, await this.requireTarget());
  }

  /**
   * Connect (or reuse the connection) and run `id -un; uname -sr`. A failure carries the kind the
   * UI acts on: `host-key-unknown` → emit `dom0:hostkey` with `hostKey`; `password-needed` /
   * `passphrase-needed` → emit `dom0:secret-needed`.
   */
  async test(): Promise<Dom0TestResult> {
    const target = await this.requireTarget();
    const startedAt = Date.now();
    try {
      const conn = await this.pool.connection(target);
      const out = await createSshRunner(this.pool, target).exec({
        argv: ['sh', '-c', 'id -un; uname -sr'],
        timeoutMs: 15_000,
      });
      if (out.error !== undefined || out.exitCode !== 0)
        return { ok: false, kind: 'other', message: out.error ?? `id/uname in dom0 failed: ${out.stderr.trim()}` };
      const [whoami = '', uname = ''] = out.stdout.trim().split('\n');
      return { ok: true, serverVersion: conn.serverVersion, whoami, uname, latencyMs: Date.now() - startedAt };
    } catch (err) {
      if (err instanceof Dom0Error)
        return { ok: false, kind: err.kind, message: err.message, ...(err.hostKey ? { hostKey: err.hostKey } : {}) };
      return { ok: false, kind: 'other', message: errorMessage(err) };
    }
  }

  async acceptHostKey(payload: unknown): Promise<void> {
    const { fingerprint } = Dom0HostKeyAcceptSchema.parse(payload);
    const target = await this.requireTarget();
    await this.pool.acceptHostKey(target.host, target.port, fingerprint);
  }

  async forgetHost(): Promise<{ removed: number }> {
    const target = await this.requireTarget();
    return { removed: await this.pool.forgetHost(target.host, target.port) };
  }

  /** Keep a password, passphrase or sudo password in memory for this session; never written. */
  async setSecret(payload: unknown): Promise<void> {
    const { kind, value } = Dom0SecretSchema.parse(payload);
    this.pool.setSecret(await this.requireTarget(), kind, value);
  }

  /** Forget every password, passphrase and sudo password held for dom0; returns how many. */
  forgetSecrets(): number {
    return this.pool.forgetSecrets();
  }

  onConnectionChange(listener: (e: ConnectionEvent) => void): () => void {
    return this.pool.onConnectionChange(listener);
  }

  /** An interactive login shell in dom0; output and exit go to `emit` (the opening socket). */
  async openShell(payload: unknown, emit: Emit): Promise<{ shellId: string }> {
    const { cols, rows } = Dom0ShellOpenSchema.parse(payload);
    const pty = await (await this.runner()).spawnPty({ argv: LOGIN_SHELL }, { cols, rows });
    const shellId = `shell-${randomBytes(9).toString('base64url')}`;
    this.shells.set(shellId, pty);
    pty.onData((data) => emit('dom0:shell-data', { shellId, data }));
    pty.onExit((result) => {
      this.shells.delete(shellId);
      emit('dom0:shell-exit', { shellId, message: result.message });
    });
    return { shellId };
  }

  shellInput(payload: unknown): void {
    const { shellId, data } = Dom0ShellInputSchema.parse(payload);
    this.shells.get(shellId)?.write(data);
  }

  shellResize(payload: unknown): void {
    const { shellId, cols, rows } = Dom0ShellResizeSchema.parse(payload);
    this.shells.get(shellId)?.resize(cols, rows);
  }

  shellClose(payload: unknown): void {
    const { shellId } = Dom0ShellRefSchema.parse(payload);
    this.shells.get(shellId)?.cancel();
  }

  /** Server exit: end shells and connections, and forget every secret held for dom0. */
  async dispose(): Promise<void> {
    for (const pty of this.shells.values()) pty.cancel();
    this.shells.clear();
    this.pool.forgetSecrets();
    await this.pool.dispose();
  }

  private async requireTarget(): Promise<Dom0Target> {
    const target = await this.getTarget();
    if (!target)
      throw new Dom0Error(
        'other',
        `no dom0 target is set: enter dom0's address in the dom0 settings (saved in ${this.targetPath})`,
      );
    return target;
  }
}
