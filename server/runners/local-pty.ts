// Run a command on this machine attached to a pseudo-terminal (node-pty), streaming its output
// in order, with pause/resume for flow control and cancel that ends the whole process tree.
import * as pty from 'node-pty';
import type { RunResult } from '../../protocol/run-result';
import type { ExecRequest, PtyOptions, PtyProcess } from './types';
import { buildResult, earlyFailure, rootArgv, spawnErrorMessage } from './local-result';
import { exitedPty } from './exited-pty';
import { terminationFor } from './termination';
import { holdPtySlave } from './local-pty-slave';
import { terminateTree } from './local-terminate';
import { Emitter } from '../../lib/lifecycle';
import { localCommandEnv } from './local-env';

/** How often the process is checked for having ended. */
const EXIT_WATCH_MS = 20;
/** After the process ended, output quiet this long means the terminal is drained. */
const DRAIN_QUIET_MS = 40;

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function spawnLocalPty(req: ExecRequest, opts: PtyOptions): Promise<PtyProcess> {
  const startedAt = Date.now();
  const argv = rootArgv(req.argv, req.root ?? false, process.getuid?.() ?? 0, req.env);
  const [file, ...args] = argv;
  if (file === undefined) {
    const error = 'empty argv: nothing to run in the terminal';
    return Promise.resolve(exitedPty(earlyFailure(error, new Error(error), startedAt)));
  }
  let term: pty.IPty;
  try {
    term = pty.spawn(file, args, {
      name: 'xterm-256color',
      cols: opts.cols,
      rows: opts.rows,
      cwd: process.cwd(),
      env: localCommandEnv(process.env, req.env),
    });
  } catch (err) {
    return Promise.resolve(exitedPty(earlyFailure(spawnErrorMessage(err, file), err, startedAt)));
  }
  return Promise.resolve(wrapTerminal(term, req, startedAt));
}

function wrapTerminal(term: pty.IPty, req: ExecRequest, startedAt: number): PtyProcess {
  const slave = holdPtySlave((term as pty.IPty & { ptsName?: string }).ptsName);
  // Output and exit that arrive before a listener is registered are held, not lost.
  const data = new Emitter<string>('until-listener');
  const exit = new Emitter<RunResult>('last');
  let settled = false;
  let processGone = false;
  let lastDataAt = Date.now();

  // Once the process has ended, read what is left at once (pause no more: node-pty drops unread
  // output 200 ms after the exit), then let go of the slave so the terminal can close.
  const exitWatch = setInterval(() => {
    if (!processGone) {
      if (!isGone(term.pid)) return;
      processGone = true;
      term.resume();
    }
    if (Date.now() - lastDataAt >= DRAIN_QUIET_MS) {
      clearInterval(exitWatch);
      slave.dispose();
    }
  }, EXIT_WATCH_MS);

  // Disposed at the exit, so a deadline or cancel never acts on a process that has settled.
  const termination = terminationFor(req, () => {
    term.resume();
    // terminateTree never rejects: it signals what is there and ignores what is gone.
    void terminateTree(term.pid);
  });

  term.onData((chunk) => {
    // node-pty can emit data after its exit on some platforms; output after settle has no reader.
    if (settled) return;
    lastDataAt = Date.now();
    data.fire(chunk);
  });
  term.onExit(({ exitCode, signal }) => {
    // A timeout or cancel may race the natural exit: only the first ending counts.
    if (settled) return;
    settled = true;
    termination.dispose();
    clearInterval(exitWatch);
    slave.dispose();
    const { canceled, timedOut } = termination;
    exit.fire(buildResult({ exitCode, signal: signal ?? null, canceled, timedOut, startedAt, endedAt: Date.now() }));
  });

  return {
    onData: data.event,
    onExit: exit.event,
    write(data) {
      if (!settled) term.write(data);
    },
    resize(cols, rows) {
      if (settled) return;
      try {
        term.resize(cols, rows);
      } catch {
        // The terminal closed between the check and the ioctl: nothing left to resize.
      }
    },
    pause() {
      if (!settled && !processGone) term.pause();
    },
    resume() {
      if (!settled) term.resume();
    },
    cancel() {
      termination.end('cancel');
    },
  };
}
