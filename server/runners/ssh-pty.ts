// Run a command in dom0 on a pseudo-terminal (steps, the interactive shell): output streams to
// listeners, cancel ends the remote process group, the sudo password is typed with echo off.
import { StringDecoder } from 'node:string_decoder';
import type { RunResult } from '../../protocol/run-result';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { ClientChannel } from 'ssh2';
import type { ConnectionPool, PooledConnection } from '../ssh/connection-pool';
import { PgidMarker } from '../ssh/pgid-marker';
import { remoteScript } from '../ssh/remote-command';
import { buildResult, earlyFailure } from './local-result';
import { exitedPty } from './exited-pty';
import { terminationFor } from './termination';
import { errorMessage } from '../../protocol/result';
import { newSudoPrompt } from './sudo-prompt';
import { answerSudoPrompts } from './sudo-pty';
import { LoginSecretDeclined, withLoginSecrets } from './ssh-login-secrets';
import {
  channelResult,
  closedWithoutExit,
  dom0SudoLabel,
  killRemoteGroup,
  newMarker,
  openExec,
  sudoMode,
  watchExit,
} from './ssh-channel';
import type { ExecRequest, PtyOptions, PtyProcess } from './types';
import { Emitter } from '../../lib/lifecycle';

const TERM = 'xterm-256color';

/** Start `req` on a terminal in dom0; a run that cannot start resolves as an exited process with `error` and `cause`. */
export async function spawnPtyOverSsh(
  pool: ConnectionPool,
  target: Dom0Target,
  req: ExecRequest,
  opts: PtyOptions,
): Promise<PtyProcess> {
  const startedAt = Date.now();
  try {
    // A login that wants a password or passphrase asks the reader (step runs) and tries again.
    return await withLoginSecrets(pool, target, req.askSecret, () => startPty(pool, target, req, opts, startedAt));
  } catch (err) {
    // Cancel while the login prompt showed: a canceled run, not a login error.
    if (err instanceof LoginSecretDeclined)
      return exitedPty(buildResult({ exitCode: null, signal: null, canceled: true, startedAt, endedAt: Date.now() }));
    return exitedPty(earlyFailure(errorMessage(err), err, startedAt));
  }
}

async function startPty(
  pool: ConnectionPool,
  target: Dom0Target,
  req: ExecRequest,
  opts: PtyOptions,
  startedAt: number,
): Promise<PtyProcess> {
  const mode = sudoMode(pool, target, req.root ?? false);
  // A step run (someone to ask) answers sudo's own prompt on the terminal instead.
  const prompt = req.root && req.askSecret ? newSudoPrompt() : undefined;
  const marker = newMarker();
  const text = remoteScript({
    argv: req.argv,
    ...(req.env ? { env: req.env } : {}),
    sudo: prompt !== undefined ? { prompt } : mode,
    marker,
    pty: true,
  });
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  // The slot is held for the run's whole life, not just while opening the channel.
  const opened = new Promise<{ channel: ClientChannel; conn: PooledConnection }>((resolve, reject) => {
    pool
      .withChannel(target, async (conn) => {
        const channel = await openExec(conn, text, { cols: opts.cols, rows: opts.rows, term: TERM });
        resolve({ channel, conn });
        await held;
      })
      .catch(reject);
  });
  const { channel, conn } = await opened;
  const ending = watchExit(channel);
  const pgidLine = new PgidMarker(marker);
  const decoder = new StringDecoder('utf8');
  // Output and exit that arrive before a listener is registered are held, not lost.
  const data = new Emitter<string>('until-listener');
  const exit = new Emitter<RunResult>('last');
  let result: RunResult | null = null;
  let stopping = false;
  let passwordSent = false;
  // With a held sudo password and nobody to ask ('password' mode script), the first line the
  // remote side reads must be the password: input written before it was sent is held until then.
  // The prompt path answers sudo's own prompt instead (answerSudoPrompts): sending the held
  // password here too would type it ahead of sudo's prompt, echoed and then read by the command.
  const sendsHeldPassword = prompt === undefined && mode === 'password';
  const heldInput: string[] = [];

  const emit = (text: string): void => {
    if (text) data.fire(text);
  };
  // Until the remote process group is known there is nothing to kill: data calls stop() again.
  const stop = (): void => {
    if (stopping || pgidLine.pgid === null) return;
    stopping = true;
    // Through sudo with the password held now (the prompt path may have stored one meanwhile).
    const killMode = prompt !== undefined ? sudoMode(pool, target, true) : mode;
    // killRemoteGroup never rejects: it falls back to a KILL signal on the channel itself.
    void killRemoteGroup(pool, target, pgidLine.pgid, killMode, channel);
  };
  // The signal may have fired while this run waited for a channel slot: the controller sees it.
  const termination = terminationFor(req, stop);
  channel.on('data', (c: Buffer) => {
    emit(pgidLine.feed(decoder.write(c)));
    if (pgidLine.pgid !== null && sendsHeldPassword && !passwordSent) {
      passwordSent = true;
      channel.write(`${pool.secret(target, 'sudo-password') ?? ''}\n`);
      for (const data of heldInput.splice(0)) channel.write(data);
    }
    if (termination.reason !== undefined) stop();
  });
  channel.stderr.resume();
  channel.on('close', () => {
    termination.dispose();
    release();
    emit(pgidLine.feed(decoder.end()) + pgidLine.flush());
    const error = !ending.exited && termination.record('transport-lost') ? closedWithoutExit(conn) : undefined;
    result = channelResult(ending, termination, startedAt, error);
    exit.fire(result);
  });
  const send = (data: string | Buffer): void => {
    if (sendsHeldPassword && !passwordSent) heldInput.push(data.toString());
    else channel.write(data);
  };
  if (req.stdin !== undefined) send(req.stdin);

  const proc: PtyProcess = {
    onData: data.event,
    onExit: exit.event,
    write(data) {
      if (!result) send(data);
    },
    resize(cols, rows) {
      if (!result) channel.setWindow(rows, cols, 0, 0);
    },
    pause() {
      channel.pause();
    },
    resume() {
      channel.resume();
    },
    cancel() {
      termination.end('cancel');
    },
  };
  if (prompt === undefined) return proc;
  return answerSudoPrompts(proc, {
    prompt,
    target: 'dom0',
    label: dom0SudoLabel(target),
    stored: () => pool.secret(target, 'sudo-password'),
    store: (pw) => pool.setSecret(target, 'sudo-password', pw),
    forget: () => pool.clearSecret(target, 'sudo-password'),
    ask: req.askSecret,
  });
}
