// What the dom0 exec and pty runs share: opening an exec channel on the pooled connection,
// ending a remote process group on cancel, and reading how a channel ended.
import { randomBytes } from 'node:crypto';
import type { ClientChannel, PseudoTtyOptions } from 'ssh2';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { ConnectionPool, PooledConnection } from '../ssh/connection-pool';
import { Dom0Error, targetLabel } from '../ssh/dom0-error';
import { killGroupScript, type HeldSudoMode } from '../ssh/remote-command';
import type { RunResult } from '../../protocol/run-result';
import { buildResult } from './local-result';
import type { Termination } from './termination';

export function newMarker(): string {
  return `ONRAMP-PGID-${randomBytes(8).toString('hex')}`;
}

export function sudoMode(pool: ConnectionPool, target: Dom0Target, root: boolean): HeldSudoMode {
  if (!root) return 'none';
  return pool.secret(target, 'sudo-password') === undefined ? 'no-password' : 'password';
}

/** Channel open failure reasons sshd gives at its MaxSessions limit (OpenSSH 9.2 says 2, "open failed"). */
const SESSION_LIMIT_REASONS: readonly unknown[] = [1, 2, 4];
const OPEN_ATTEMPTS = 8;

function execOnce(conn: PooledConnection, text: string, pty?: PseudoTtyOptions): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    conn.client.exec(text, pty ? { pty } : {}, (err, channel) => {
      if (err) return reject(err);
      // Listen for 'exit' now, in ssh2's callback: a quick command's exit-status can arrive in the
      // same packet batch and be emitted before the awaiting caller runs (then it would be lost).
      trackExit(channel);
      resolve(channel);
    });
  });
}

/**
 * Open an exec channel. sshd frees a closed session a moment after the client sees it close, so
 * at its MaxSessions limit it may refuse a new one ("open failed"): that refusal is retried
 * for up to ~0.9 s.
 */
export async function openExec(conn: PooledConnection, text: string, pty?: PseudoTtyOptions): Promise<ClientChannel> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await execOnce(conn, text, pty);
    } catch (err) {
      const reason = (err as { reason?: unknown }).reason;
      if (conn.lost) throw conn.lost;
      if (!SESSION_LIMIT_REASONS.includes(reason) || attempt >= OPEN_ATTEMPTS) {
        throw new Dom0Error(
          'other',
          `dom0 (${targetLabel(conn.target)}) refused to open a channel: ${(err as Error).message}`,
          undefined,
          { cause: err },
        );
      }
      await new Promise((r) => setTimeout(r, 25 * attempt));
    }
  }
}

/** Run a short command on its own channel (cancel runs it on a side slot of the pool). */
export async function runSideCommand(conn: PooledConnection, text: string, stdin = ''): Promise<number | null> {
  const channel = await openExec(conn, text);
  const ending = watchExit(channel);
  channel.end(stdin);
  return new Promise((resolve) => {
    channel.on('close', () => resolve(ending.exitCode));
    channel.resume();
    channel.stderr.resume();
  });
}

/**
 * TERM then KILL the remote process group, then close the channel; never throws. When no side
 * channel can be opened, the session's own process gets a KILL signal request instead.
 */
export async function killRemoteGroup(
  pool: ConnectionPool,
  target: Dom0Target,
  pgid: number,
  mode: HeldSudoMode,
  channel: ClientChannel,
): Promise<void> {
  const stdin = mode === 'password' ? `${pool.secret(target, 'sudo-password') ?? ''}\n` : '';
  try {
    await pool.withSideChannel(target, (conn) => runSideCommand(conn, killGroupScript(pgid, mode), stdin));
  } catch {
    // No side channel (the connection is gone, or sshd refused): signal the session itself.
    try {
      channel.signal('KILL');
    } catch {
      // the channel is already closed
    }
  }
  channel.close();
}

export interface ChannelEnding {
  exitCode: number | null;
  signal: string | null;
  exited: boolean;
}

const endings = new WeakMap<ClientChannel, ChannelEnding>();

function trackExit(channel: ClientChannel): ChannelEnding {
  const ending: ChannelEnding = { exitCode: null, signal: null, exited: false };
  channel.on('exit', (code: number | null, signal?: string) => {
    ending.exited = true;
    ending.exitCode = typeof code === 'number' ? code : null;
    ending.signal = signal ? (signal.startsWith('SIG') ? signal : `SIG${signal}`) : null;
  });
  endings.set(channel, ending);
  return ending;
}

/** How a channel ended: 'exit' (a code, or a signal name without the SIG prefix), tracked from the moment it opened. */
export function watchExit(channel: ClientChannel): ChannelEnding {
  return endings.get(channel) ?? trackExit(channel);
}

/** The error for a channel that closed without an exit status. */
/**
 * The result of a run whose channel just closed: the exit status the channel reported, the reason the
 * termination recorded (timeout, cancel), the run's start (epoch ms) and the error found, if any.
 */
export function channelResult(
  ending: ChannelEnding,
  termination: Termination,
  startedAt: number,
  error: string | undefined,
): RunResult {
  return buildResult({
    exitCode: ending.exitCode,
    signal: ending.signal,
    timedOut: termination.timedOut,
    canceled: termination.canceled,
    startedAt,
    endedAt: Date.now(),
    ...(error !== undefined ? { error } : {}),
  });
}

export function closedWithoutExit(conn: PooledConnection): string {
  return conn.lost?.message ?? `the channel to dom0 (${targetLabel(conn.target)}) closed without an exit status`;
}

export function sudoPasswordError(target: Dom0Target, mode: HeldSudoMode, stderr: string): string {
  const said =
    stderr
      .trim()
      .split('\n')
      .find((l) => l.startsWith('sudo:')) ?? stderr.trim();
  return mode === 'password'
    ? `sudo in dom0 did not accept the sudo password for ${target.user} (${said}): enter it again`
    : `sudo in dom0 needs a password: ${said}. Enter the sudo password for ${target.user} in Onramp (kept in memory for this session only), or allow ${target.user} NOPASSWD in /etc/sudoers.d on dom0`;
}

/** "sudo password for alice in dom0 (192.168.56.5)". */
export function dom0SudoLabel(target: Dom0Target): string {
  return `sudo password for ${target.user} in dom0 (${target.host})`;
}
