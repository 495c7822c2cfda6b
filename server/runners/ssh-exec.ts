// Run a command in dom0 without a terminal and collect its output (checks, drivers).
import { StringDecoder } from 'node:string_decoder';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { ConnectionPool } from '../ssh/connection-pool';
import { Dom0Error } from '../ssh/dom0-error';
import { PgidMarker } from '../ssh/pgid-marker';
import { remoteScript, sudoWantsPassword } from '../ssh/remote-command';
import { CappedOutput } from './local-capped-output';
import { buildResult, earlyFailure } from './local-result';
import { terminationFor } from './termination';
import { errorMessage } from '../../protocol/result';
import {
  channelResult,
  closedWithoutExit,
  killRemoteGroup,
  newMarker,
  openExec,
  sudoMode,
  sudoPasswordError,
  watchExit,
} from './ssh-channel';
import type { ExecOutput, ExecRequest } from './types';

export async function execOverSsh(pool: ConnectionPool, target: Dom0Target, req: ExecRequest): Promise<ExecOutput> {
  const startedAt = Date.now();
  // Nothing ran (the script could not be built, or dom0 could not be reached): the error stays as `cause`.
  // A connection that dropped is marked, so a check can run again on a new one.
  const failed = (thrown: unknown): ExecOutput =>
    Object.assign(earlyFailure(errorMessage(thrown), thrown, startedAt), {
      stdout: '',
      stderr: '',
      ...(thrown instanceof Dom0Error && thrown.kind === 'connection-lost' ? { connectionLost: true as const } : {}),
    });
  const mode = sudoMode(pool, target, req.root ?? false);
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
      const password = mode === 'password' ? pool.secret(target, 'sudo-password') : undefined;
      if (password !== undefined) channel.write(`${password}\n`);
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
