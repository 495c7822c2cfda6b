// Run a command in dom0 without a terminal and collect its output (checks, drivers).
import { StringDecoder } from 'node:string_decoder';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { ConnectionPool } from '../ssh/connection-pool';
import { Dom0Error } from '../ssh/dom0-error';
import { PgidMarker } from '../ssh/pgid-marker';
import { remoteScript, sudoWantsPassword, type HeldSudoMode } from '../ssh/remote-command';
import { CappedOutput } from './local-capped-output';
import { buildResult, earlyFailure } from './local-result';
import { terminationFor } from './termination';
import { errorMessage } from '../../protocol/result';
import {
  channelResult,
  closedWithoutExit,
  dom0SudoLabel,
  killRemoteGroup,
  newMarker,
  openExec,
  sudoPasswordError,
  watchExit,
} from './ssh-channel';
import type { ExecOutput, ExecRequest } from './types';

/** sudo asks at most this many times before it gives up (sudoers' passwd_tries default). */
const SUDO_TRIES = 3;

/**
 * Run `req` in dom0 and collect its output. A root command whose `sudo -n` wants a password, when
 * the request can ask (`askSecret`: a check run from the browser), asks for dom0's sudo password,
 * holds it for the session and runs again; a held password sudo refuses is forgotten and asked
 * for again, up to 3 times. Declining ends it canceled, with the reason in `error`.
 */
export async function execOverSsh(pool: ConnectionPool, target: Dom0Target, req: ExecRequest): Promise<ExecOutput> {
  // The password each run sends is fixed when it starts: checks running at once may change the one held.
  let used = req.root ? pool.secret(target, 'sudo-password') : undefined;
  let out = await execOnceOverSsh(pool, target, req, used);
  const ask = req.askSecret;
  if (!req.root || !ask) return out;
  const label = dom0SudoLabel(target);
  let attempt = 0;
  while (wantsSudoPassword(out) && attempt < SUDO_TRIES) {
    const held = pool.secret(target, 'sudo-password');
    if (held !== undefined && held !== used) {
      // Another check was given a password meanwhile: try that one before asking.
      used = held;
    } else {
      // sudo refused the password this run sent: it is wrong (changed, or mistyped).
      if (used !== undefined) forgetIfHeld(pool, target, used);
      attempt += 1;
      const value = await ask({
        kind: 'sudo-password',
        target: 'dom0',
        label,
        message: checkSudoMessage(label, attempt, used !== undefined),
        attempt,
      });
      if (value === undefined) return declined(out, label);
      pool.setSecret(target, 'sudo-password', value);
      used = value;
    }
    out = await execOnceOverSsh(pool, target, req, used);
  }
  // Refused every time: nothing wrong stays held.
  if (wantsSudoPassword(out) && used !== undefined) forgetIfHeld(pool, target, used);
  return out;
}

/** Forget the held sudo password only if it is still `wrong` (another check may hold a newer one). */
function forgetIfHeld(pool: ConnectionPool, target: Dom0Target, wrong: string): void {
  if (pool.secret(target, 'sudo-password') === wrong) pool.clearSecret(target, 'sudo-password');
}

function wantsSudoPassword(out: ExecOutput): boolean {
  return out.exitCode === 1 && !out.canceled && !out.timedOut && sudoWantsPassword(out.stderr);
}

/** Why the prompt shows now: the first ask, or a password sudo did not take. */
export function checkSudoMessage(label: string, attempt: number, refused: boolean): string {
  if (!refused) return `This check runs its command as root: sudo asks for the ${label}.`;
  return `sudo did not accept that password. Enter the ${label} again (attempt ${attempt} of ${SUDO_TRIES}).`;
}

/** The reader declined the prompt: the command did not run; the check says so. */
function declined(out: ExecOutput, label: string): ExecOutput {
  const error = `no password was given (the prompt for the ${label} was canceled), so it did not run as root`;
  const result = buildResult({
    exitCode: null,
    signal: null,
    canceled: true,
    startedAt: Date.now() - out.durationMs,
    endedAt: Date.now(),
    error,
  });
  return { ...result, stdout: '', stderr: out.stderr };
}

/** One run; a root run sends `password` to `sudo -S -v` first when there is one, else uses `sudo -n`. */
async function execOnceOverSsh(
  pool: ConnectionPool,
  target: Dom0Target,
  req: ExecRequest,
  password: string | undefined,
): Promise<ExecOutput> {
  const startedAt = Date.now();
  // Nothing ran (the script could not be built, or dom0 could not be reached): the error stays as `cause`.
  // A connection that dropped is marked, so a check can run again on a new one.
  const failed = (thrown: unknown): ExecOutput =>
    Object.assign(earlyFailure(errorMessage(thrown), thrown, startedAt), {
      stdout: '',
      stderr: '',
      ...(thrown instanceof Dom0Error && thrown.kind === 'connection-lost' ? { connectionLost: true as const } : {}),
    });
  const mode: HeldSudoMode = !req.root ? 'none' : password === undefined ? 'no-password' : 'password';
  const marker = newMarker();
  let text: string;
  try {
    text = remoteScript({ argv: req.argv, ...(req.env ? { env: req.env } : {}), sudo: mode, marker, pty: false });
  } catch (err) {
    return failed(err);
  }
  const canceledEarly = (): ExecOutput => ({
    ...buildResult({ exitCode: null, signal: null, canceled: true, startedAt, endedAt: Date.now() }),
    stdout: '',
    stderr: '',
  });
  if (req.signal?.aborted) return canceledEarly();
  try {
    return await pool.withChannel(target, async (conn) => {
      // Canceled while it waited for a channel slot: nothing was started.
      if (req.signal?.aborted) return canceledEarly();
      const channel = await openExec(conn, text);
      const ending = watchExit(channel);
      const stdout = new CappedOutput();
      const stderr = new CappedOutput();
      const pgidLine = new PgidMarker(marker);
      const decoder = new StringDecoder('utf8');
      let stopping = false;
      // Until the remote process group is known there is nothing to kill: stderr data calls stop() again.
      const stop = (): void => {
        if (stopping || pgidLine.pgid === null) return;
        stopping = true;
        // killRemoteGroup never rejects: it falls back to a KILL signal on the channel itself.
        void killRemoteGroup(pool, target, pgidLine.pgid, mode, channel);
      };
      channel.on('data', (c: Buffer) => stdout.push(c));
      channel.stderr.on('data', (c: Buffer) => {
        const out = pgidLine.feed(decoder.write(c));
        if (out) stderr.push(Buffer.from(out));
        if (termination.reason !== undefined) stop();
      });
      // The signal may have fired while this run waited for a channel slot: the controller sees it.
      const termination = terminationFor(req, stop);
      if (mode === 'password' && password !== undefined) channel.write(`${password}\n`);
      channel.end(req.stdin ?? '');
      return new Promise<ExecOutput>((resolve) => {
        channel.on('close', () => {
          termination.dispose();
          const tail = pgidLine.feed(decoder.end()) + pgidLine.flush();
          if (tail) stderr.push(Buffer.from(tail));
          const errText = stderr.text();
          let error: string | undefined;
          const lost = !ending.exited && termination.record('transport-lost');
          if (lost) error = closedWithoutExit(conn);
          else if (mode !== 'none' && ending.exitCode === 1 && sudoWantsPassword(errText))
            error = sudoPasswordError(target, mode, errText);
          const result = channelResult(ending, termination, startedAt, error);
          // Guard: a channel closed by our own timeout or cancel is not a lost connection.
          resolve({
            ...result,
            stdout: stdout.text(),
            stderr: errText,
            ...(lost && conn.lost ? { connectionLost: true as const } : {}),
          });
        });
      });
    });
  } catch (err) {
    return failed(err);
  }
}
