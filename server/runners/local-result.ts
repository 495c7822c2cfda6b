// Pure decisions of the local runner: how to run as root, what a spawn failure means, and the
// one RunResult shape built from how a process ended.
import { constants } from 'node:os';
import { runMessage, type RunResult } from '../../protocol/run-result';
import { errorMessage } from '../../protocol/result';
import type { RunnerResult } from './types';

/**
 * The argv to spawn: unchanged unless root is wanted and we are not root, then `sudo -n` (never
 * prompts) with the extra environment passed through `env` (sudo resets the environment).
 */
export function rootArgv(
  argv: readonly string[],
  root: boolean,
  uid: number,
  extraEnv: Readonly<Record<string, string>> = {},
): string[] {
  if (!root || uid === 0) return [...argv];
  const assignments = Object.entries(extraEnv).map(([k, v]) => `${k}=${v}`);
  return ['sudo', '-n', '--', 'env', ...assignments, ...argv];
}

/** A spawn error as one line: what was not found or not allowed, and what to do. */
export function spawnErrorMessage(err: unknown, file: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `command not found: ${file} (install it or check PATH)`;
  if (code === 'EACCES') return `permission denied: ${file} is not executable by this user`;
  if (code === 'ENOTDIR') return `not a directory in the path to ${file}`;
  const detail = errorMessage(err);
  return `could not start ${file}: ${detail}`;
}

/** A numeric signal (as node-pty reports it) to its name, e.g. 15 → SIGTERM. */
export function signalName(signal: number | string | null | undefined): string | null {
  if (signal === null || signal === undefined || signal === 0) return null;
  if (typeof signal === 'string') return signal;
  for (const [name, num] of Object.entries(constants.signals)) if (num === signal) return name;
  return `signal ${signal}`;
}

export interface Ending {
  readonly exitCode: number | null;
  readonly signal: number | string | null;
  readonly timedOut?: boolean;
  readonly canceled?: boolean;
  readonly error?: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** The RunResult for a process that ended: a signal wins over the exit code node-pty reports with it. */
export function buildResult(end: Ending): RunResult {
  const signal = signalName(end.signal);
  const fields: Omit<RunResult, 'message'> = {
    exitCode: signal ? null : end.exitCode,
    signal,
    timedOut: end.timedOut ?? false,
    canceled: end.canceled ?? false,
    durationMs: Math.max(0, end.endedAt - end.startedAt),
    ...(end.error !== undefined ? { error: end.error } : {}),
  };
  return { ...fields, message: runMessage(fields) };
}

/** `target` with `cause` attached, not enumerable: spreads, JSON and socket payloads leave it out. */
export function withCause<T extends object>(target: T, cause: unknown): T & { readonly cause?: unknown } {
  return Object.defineProperty(target, 'cause', { value: cause, enumerable: false, configurable: true });
}

/** The result of a process that never started: `error` says why, `cause` is what was thrown. */
export function earlyFailure(error: string, cause: unknown, startedAt: number): RunnerResult {
  return withCause(buildResult({ exitCode: null, signal: null, error, startedAt, endedAt: Date.now() }), cause);
}

/** An early failure with `context` in front of its error (e.g. which step could not start where); `cause` is kept. */
export function withErrorContext(result: RunnerResult, context: string): RunnerResult {
  if (result.error === undefined) return result;
  const { message: _message, cause: _cause, ...fields } = result;
  const error = `${context}: ${result.error}`;
  return withCause({ ...fields, error, message: runMessage({ ...fields, error }) }, result.cause);
}
