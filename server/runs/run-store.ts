// Every step run the server knows: started from a declared step on a TargetRunner, replayable
// from any offset, streamed to many subscribers with flow control, bounded in memory.
import type { RunId } from '../../protocol/ids';
import type { RunInfo } from '../../protocol/socket';
import type { StepDecl } from '../../protocol/steps';
import type { ExecRequest, PtyOptions, TargetRunner } from '../runners/types';
import { exitedPty } from '../runners/exited-pty';
import { earlyFailure, withErrorContext } from '../runners/local-result';
import type { RunStorePort, RunSubscriber } from '../socket/run-store-port';
import { type AttachOptions, LiveRun, type RunLimits } from './live-run';
import { newRunId } from './run-id';
import { errorMessage } from '../../protocol/result';

export interface RunStoreOptions {
  /** Characters of output kept per run for replay (default 8 Mi); older output is dropped. */
  replayLimit?: number;
  /** Finished runs kept for replay and listing (default 50); older ones are forgotten. */
  keepFinished?: number;
  /**
   * Pause a run when its slowest subscriber has this many characters unacknowledged (default 4 Mi:
   * with 1 Mi the browser terminal sat idle waiting for output about twice as long in a flood).
   */
  highWater?: number;
  /** Resume when every subscriber is below this (default 2 Mi). */
  lowWater?: number;
}

// A flood reaches subscribers in messages of this many characters: each socket message costs the
// server (encode, emit), Chromium (IPC) and the page (decode, event) a fixed amount, so 128 Ki
// instead of 64 Ki halves that per megabyte (bench: fewer CPU-seconds per 100 MB on all three)
// without raising the server's peak RSS (256 Ki did, by up to 12 MB).
const FLUSH_CHARS = 128 * 1024;
const FLUSH_DELAY_MS = 4;

export class RunStore implements RunStorePort {
  private readonly runs = new Map<RunId, LiveRun>();
  private readonly finished: RunId[] = [];
  private readonly limits: RunLimits;
  private readonly keepFinished: number;

  constructor(opts: RunStoreOptions = {}) {
    const highWater = opts.highWater ?? 4 * 1024 * 1024;
    const lowWater = Math.min(opts.lowWater ?? 2 * 1024 * 1024, highWater);
    this.limits = {
      replayLimit: opts.replayLimit ?? 8 * 1024 * 1024,
      highWater,
      lowWater,
      flushChars: FLUSH_CHARS,
      flushDelayMs: FLUSH_DELAY_MS,
    };
    this.keepFinished = opts.keepFinished ?? 50;
  }

  /**
   * Start `sh -c <step.command>` with `env` (the step's parameters as ONRAMP_*), as root and with
   * the deadline the step declares. A runner that cannot start it gives an exited run with `error`.
   */
  async start(step: StepDecl, runner: TargetRunner, env: Record<string, string>, pty: PtyOptions): Promise<RunInfo> {
    const run = new LiveRun(newRunId(), step.id, Date.now(), this.limits);
    this.runs.set(run.runId, run);
    void run.exited.then(() => this.retire(run.runId));
    const req: ExecRequest = {
      argv: ['sh', '-c', step.command],
      env,
      root: step.root,
      askSecret: (secret) => run.secrets.ask(secret),
      ...(step.timeoutSec !== undefined ? { timeoutMs: step.timeoutSec * 1000 } : {}),
    };
    // Runners resolve a start failure as an exited process; a runner that rejects instead is read the same way.
    const bound = runner
      .spawnPty(req, pty)
      .catch((err: unknown) => exitedPty(earlyFailure(errorMessage(err), err, run.startedAt)))
      .then((proc) =>
        run.bind(proc, (early) => withErrorContext(early, `could not start step ${step.id} on ${runner.kind}`)),
      );
    // A runner may ask for a secret before its process exists (an SSH password to connect): the run
    // is then reported as running, so the reader can attach and see the prompt.
    await Promise.race([bound, run.secrets.firstAsk]);
    return run.info();
  }

  /** The step's run in progress (one run per step), or a new one; see RunStorePort.startOrJoin. */
  startOrJoin(
    step: StepDecl,
    runner: TargetRunner,
    env: Record<string, string>,
    pty: PtyOptions,
  ): { readonly joined: boolean; readonly run: Promise<RunInfo> } {
    const current = [...this.runs.values()].find((r) => r.running && r.stepId === step.id);
    if (current) return { joined: true, run: Promise.resolve(current.info()) };
    return { joined: false, run: this.start(step, runner, env, pty) };
  }

  get(runId: RunId): RunInfo | undefined {
    return this.runs.get(runId)?.info();
  }

  list(): RunInfo[] {
    return [...this.runs.values()].map((r) => r.info());
  }

  /** Replay from `fromOffset` synchronously (after a gap if it is older than the buffer), then stream live. */
  attach(
    runId: RunId,
    subscriberId: string,
    sub: RunSubscriber,
    fromOffset: number,
    opts: AttachOptions = {},
  ): RunInfo | undefined {
    const run = this.runs.get(runId);
    if (!run) return undefined;
    const info = run.info();
    run.attach(subscriberId, sub, fromOffset, opts);
    return info;
  }

  detach(runId: RunId, subscriberId: string): void {
    this.runs.get(runId)?.detach(subscriberId);
  }

  /** Detach a subscriber (a closed socket) from every run. */
  detachAll(subscriberId: string): void {
    for (const run of this.runs.values()) run.detach(subscriberId);
  }

  /** The subscriber has written output up to `offset`: lets a paused run go on. */
  release(runId: RunId, subscriberId: string): void {
    this.runs.get(runId)?.release(subscriberId);
  }

  ack(runId: RunId, subscriberId: string, offset: number): void {
    this.runs.get(runId)?.ack(subscriberId, offset);
  }

  /** Cancel a running run; false when it is unknown or already finished. */
  cancel(runId: RunId): boolean {
    return this.runs.get(runId)?.cancel() ?? false;
  }

  /** Hand the answer to a run's pending prompt; false when there is no such prompt. */
  answerSecret(runId: RunId, promptId: string, value: string): boolean {
    return this.runs.get(runId)?.secrets.answer(promptId, value) ?? false;
  }

  resize(runId: RunId, cols: number, rows: number): void {
    this.runs.get(runId)?.resize(cols, rows);
  }

  /** Cancel every running run and wait until all have exited. */
  async dispose(): Promise<void> {
    const running = [...this.runs.values()].filter((r) => r.running);
    for (const run of running) run.cancel();
    await Promise.all(running.map((r) => r.exited));
  }

  /** Keep the newest `keepFinished` finished runs; forget older ones. */
  private retire(runId: RunId): void {
    this.finished.push(runId);
    while (this.finished.length > this.keepFinished) {
      const oldest = this.finished.shift();
      if (oldest !== undefined) this.runs.delete(oldest);
    }
  }
}
