// The seam between "what to run" and "where it runs": the local machine and dom0 over SSH
// implement the same two operations, so steps and checks never know which one they use.
import type { Target } from '../../protocol/ids';
import type { RunResult } from '../../protocol/run-result';
import type { Disposable } from '../../lib/lifecycle';
import type { RunSecretKind } from '../../protocol/socket-secrets';

/** What a run asks the reader for while it runs (shown in the step's panel). */
export interface SecretRequest {
  readonly kind: RunSecretKind;
  readonly target: Target;
  /** e.g. "sudo password for alice on this computer". */
  readonly label: string;
  readonly message: string;
  readonly attempt: number;
}

/** Resolves with the secret, or undefined when the reader canceled (or the run ended meanwhile). */
export type SecretAsker = (req: SecretRequest) => Promise<string | undefined>;

export interface ExecRequest {
  /** Program and arguments; never a shell string built from user input. */
  readonly argv: readonly string[];
  /** Extra environment (step parameters arrive here as ONRAMP_<NAME>). */
  readonly env?: Readonly<Record<string, string>>;
  /** Run as root (`sudo -n` where needed). */
  readonly root?: boolean;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Bytes written to standard input, then closed. */
  readonly stdin?: string | Buffer;
  /** Ask the reader for a secret the run needs (a sudo password, an SSH password); absent: never ask. */
  readonly askSecret?: SecretAsker;
}

/**
 * A RunResult as a runner gives it: a process that could not start (or whose transport failed
 * before it did) keeps the original error as `cause`, not enumerable, so payloads never carry it.
 */
export type RunnerResult = RunResult & { readonly cause?: unknown };

/** A finished non-interactive command: for checks and machine drivers. */
export interface ExecOutput extends RunResult {
  readonly cause?: unknown;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * The transport dropped before the command's exit status arrived (dom0's SSH connection was
   * lost): the command may or may not have run. A check may run again on a new connection.
   */
  readonly connectionLost?: true;
}

export interface PtyOptions {
  readonly cols: number;
  readonly rows: number;
}

/** A running command attached to a pseudo-terminal: for steps and shells. */
export interface PtyProcess {
  /** Output in order; output from before the first listener is handed to it. Dispose to stop listening. */
  onData(listener: (chunk: string) => void): Disposable;
  /** The result, once; a listener added after the exit gets it at once. Dispose to stop listening. */
  onExit(listener: (result: RunnerResult) => void): Disposable;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Stop reading output (flow control); the producer blocks once its pipe is full. */
  pause(): void;
  resume(): void;
  /** Cancel: end the whole process tree (remote process group for SSH); result has canceled=true. */
  cancel(): void;
}

export interface TargetRunner {
  readonly kind: 'host' | 'dom0';
  exec(req: ExecRequest): Promise<ExecOutput>;
  spawnPty(req: ExecRequest, opts: PtyOptions): Promise<PtyProcess>;
}
