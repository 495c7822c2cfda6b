// Run a command on this machine without a terminal and collect its output (checks, drivers).
import { spawn } from 'node:child_process';
import type { ExecOutput, ExecRequest } from './types';
import { CappedOutput, DEFAULT_OUTPUT_CAP } from './local-capped-output';
import { buildResult, rootArgv, spawnErrorMessage, withCause } from './local-result';
import { terminateTree } from './local-terminate';
import { terminationFor } from './termination';
import { localCommandEnv } from './local-env';

/** ExecOutput as the local runner returns it (a spawn failure keeps the original error as `cause`). */
export type LocalExecOutput = ExecOutput;

export interface LocalExecOptions {
  /** Bytes kept per stream (stdout, stderr); the rest is counted and dropped. */
  readonly outputCap?: number;
}

export function execLocal(req: ExecRequest, opts: LocalExecOptions = {}): Promise<LocalExecOutput> {
  const argv = rootArgv(req.argv, req.root ?? false, process.getuid?.() ?? 0, req.env);
  const [file, ...args] = argv;
  const startedAt = Date.now();
  if (file === undefined) {
    const result = buildResult({
      exitCode: null,
      signal: null,
      error: 'empty argv: nothing to run',
      startedAt,
      endedAt: startedAt,
    });
    return Promise.resolve({ ...result, stdout: '', stderr: '' });
  }
  const stdout = new CappedOutput(opts.outputCap ?? DEFAULT_OUTPUT_CAP);
  const stderr = new CappedOutput(opts.outputCap ?? DEFAULT_OUTPUT_CAP);
  return new Promise((resolve) => {
    let settled = false;
    const child = spawn(file, args, {
      env: localCommandEnv(process.env, req.env),
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const termination = terminationFor(req, () => {
      // terminateTree never rejects: it signals what is there and ignores what is gone.
      if (child.pid !== undefined) void terminateTree(child.pid);
    });
    // 'error' and 'close' can both fire for one child (a spawn error, then close): settle once.
    const settle = (out: LocalExecOutput): void => {
      if (settled) return;
      settled = true;
      termination.dispose();
      resolve(out);
    };
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.stdin.on('error', () => {
      // EPIPE: the command exited without reading its input; its exit status says what happened.
    });
    child.stdin.end(req.stdin ?? '');
    child.on('error', (err) => {
      const result = buildResult({
        exitCode: null,
        signal: null,
        error: spawnErrorMessage(err, file),
        startedAt,
        endedAt: Date.now(),
      });
      settle(withCause({ ...result, stdout: stdout.text(), stderr: stderr.text() }, err));
    });
    child.on('close', (code, signal) => {
      const { timedOut, canceled } = termination;
      const result = buildResult({ exitCode: code, signal, timedOut, canceled, startedAt, endedAt: Date.now() });
      settle({ ...result, stdout: stdout.text(), stderr: stderr.text() });
    });
  });
}
