// One run: its process, its replay buffer, its subscribers (each with what it was sent and what
// it acknowledged), coalesced delivery and flow control. The store owns many of these.
import type { RunId, StepId } from '../../protocol/ids';
import type { RunResult } from '../../protocol/run-result';
import type { RunInfo } from '../../protocol/socket';
import type { PtyProcess, RunnerResult } from '../runners/types';
import { DisposableStore } from '../../lib/lifecycle';
import { flowAction, type FlowLimits } from './flow-control';
import { ReplayBuffer } from './replay-buffer';
import { replayPlan } from './replay-window';
import type { RunSubscriber } from '../socket/run-store-port';
import { RunSecrets } from './run-secrets';

export interface RunLimits extends FlowLimits {
  readonly replayLimit: number;
  /** Deliver at once when this many characters wait; otherwise after `flushDelayMs`. */
  readonly flushChars: number;
  readonly flushDelayMs: number;
}

interface Subscription {
  readonly sub: RunSubscriber;
  /** Takes the output (replay, live data, flow control); false: the run's status only (exit, secrets). */
  readonly output: boolean;
  sent: number;
  acked: number;
  /** The subscriber asked for no more output for now (its data() returned false) until release(). */
  held: boolean;
}

export interface AttachOptions {
  /**
   * false: deliver no output to this subscriber (it reads it elsewhere, e.g. the HTTP output
   * stream) and leave it out of flow control and of what the replay buffer keeps for readers.
   */
  readonly output?: boolean;
}

export class LiveRun {
  private readonly buffer: ReplayBuffer;
  private readonly subs = new Map<string, Subscription>();
  private proc: PtyProcess | undefined;
  /** What this run subscribed to on its process; let go when the run finishes. */
  private readonly procSubs = new DisposableStore();
  private result: RunResult | undefined;
  private paused = false;
  private cancelRequested = false;
  private flushedUpTo = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private resolveExited!: () => void;
  /** The secret (a sudo password) the run waits for, if any. */
  readonly secrets: RunSecrets;
  /** Settles when the run has exited and every subscriber was told. */
  readonly exited = new Promise<void>((r) => {
    this.resolveExited = r;
  });

  constructor(
    readonly runId: RunId,
    readonly stepId: StepId,
    readonly startedAt: number,
    private readonly limits: RunLimits,
  ) {
    this.buffer = new ReplayBuffer(limits.replayLimit);
    this.secrets = new RunSecrets(runId, {
      needed: (prompt) => {
        for (const id of [...this.subs.keys()]) this.call(id, (s) => s.secretNeeded?.(prompt));
      },
      settled: (promptId) => {
        for (const id of [...this.subs.keys()]) this.call(id, (s) => s.secretSettled?.(promptId));
      },
    });
  }

  get running(): boolean {
    return this.result === undefined;
  }

  info(): RunInfo {
    const base = { runId: this.runId, stepId: this.stepId, startedAt: this.startedAt, length: this.buffer.end };
    return this.result ? { ...base, state: 'exited', result: this.result } : { ...base, state: 'running' };
  }

  /**
   * Connect the started process; a cancel that came while it was starting is applied now. A process
   * that never started (its result has a `cause`) is recorded through `describeEarlyFailure`.
   */
  bind(proc: PtyProcess, describeEarlyFailure: (result: RunnerResult) => RunResult = (r) => r): void {
    this.proc = proc;
    this.procSubs.add(proc.onData((chunk) => this.append(chunk)));
    this.procSubs.add(
      proc.onExit((result) => this.finish(result.cause === undefined ? result : describeEarlyFailure(result))),
    );
    if (this.cancelRequested) proc.cancel();
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.cancelRequested = true;
    this.secrets.close();
    this.proc?.cancel();
    return true;
  }

  resize(cols: number, rows: number): void {
    if (this.running) this.proc?.resize(cols, rows);
  }

  attach(id: string, sub: RunSubscriber, fromOffset: number, opts: AttachOptions = {}): void {
    this.subs.delete(id);
    const output = opts.output ?? true;
    const plan = replayPlan(this.buffer.start, this.buffer.end, fromOffset);
    const entry: Subscription = { sub, output, sent: plan.from, acked: plan.from, held: false };
    this.subs.set(id, entry);
    const gap = plan.gap;
    if (gap && output) this.call(id, (s) => s.gap(gap.from, gap.to));
    if (output) this.deliver(id, entry);
    const prompt = this.secrets.current();
    if (prompt) this.call(id, (s) => s.secretNeeded?.(prompt));
    if (this.result) return this.settle(id, entry);
    this.updateFlow();
  }

  detach(id: string): void {
    if (this.subs.delete(id)) this.updateFlow();
  }

  /** A subscriber that held its output (data() returned false) takes it again: what waits is sent now. */
  release(id: string): void {
    const entry = this.subs.get(id);
    if (!entry?.held) return;
    entry.held = false;
    this.deliver(id, entry);
    if (this.result) return this.settle(id, entry);
    this.updateFlow();
  }

  ack(id: string, offset: number): void {
    const entry = this.subs.get(id);
    if (!entry) return;
    entry.acked = Math.min(entry.sent, Math.max(entry.acked, offset));
    this.updateFlow();
  }

  private append(chunk: string): void {
    // The runner settles before exit is reported; output after that has no place in the record.
    if (this.result) return;
    this.buffer.append(chunk);
    if (this.buffer.end - this.flushedUpTo >= this.limits.flushChars) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.limits.flushDelayMs);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const end = this.buffer.end;
    for (const [id, entry] of [...this.subs]) {
      if (!entry.output || entry.held || entry.sent >= end) continue;
      // The usual case: one chunk since the last flush. A subscriber behind (it held) gets pieces.
      if (entry.sent < this.flushedUpTo) {
        this.deliver(id, entry);
        continue;
      }
      const from = entry.sent;
      entry.sent = end;
      this.send(id, entry, from, end);
    }
    this.flushedUpTo = end;
    const sent = this.readers().map((e) => e.sent);
    this.buffer.trim(Math.min(end, ...sent));
    this.updateFlow();
  }

  private finish(result: RunResult): void {
    if (this.result) return;
    this.secrets.close();
    this.flush();
    this.result = result;
    this.buffer.shrink();
    for (const [id, entry] of [...this.subs]) this.settle(id, entry);
    this.procSubs.dispose();
    this.proc = undefined;
    this.resolveExited();
  }

  private updateFlow(): void {
    if (!this.proc || !this.running) return;
    // What each reader has not acknowledged, sent or still waiting for it (a held reader's share).
    const lags = this.readers().map((e) => this.buffer.end - e.acked);
    const action = flowAction(this.paused, lags, this.limits);
    if (action === 'pause') this.proc.pause();
    if (action === 'resume') this.proc.resume();
    if (action !== 'keep') this.paused = action === 'pause';
  }

  /**
   * After the run's end: a subscriber that has had all the output is told the result and let go;
   * one still holding output back (a full HTTP response) is told once release() has sent the rest.
   */
  private settle(id: string, entry: Subscription): void {
    const result = this.result;
    if (!result || (entry.output && entry.sent < this.buffer.end)) return;
    this.call(id, (s) => s.exit(result));
    this.subs.delete(id);
  }

  /**
   * Send a subscriber the buffered output it has not had, a piece at a time (each made only when
   * it is sent: a reader that holds after one piece costs one piece), until it holds.
   */
  private deliver(id: string, entry: Subscription): void {
    while (!entry.held && this.subs.get(id) === entry && entry.sent < this.buffer.end) {
      const offset = entry.sent;
      entry.sent = this.buffer.pieceEnd(offset);
      this.send(id, entry, offset, entry.sent);
    }
  }

  /** Output [from, to) to one subscriber, as UTF-8 bytes if it takes them, else as text; marks a hold. */
  private send(id: string, entry: Subscription, from: number, to: number): void {
    const hold = (more: boolean | void) => {
      if (more === false) entry.held = true;
    };
    const { utf8 } = entry.sub;
    if (utf8) {
      this.call(id, () => hold(utf8(from, to - from, (into) => this.buffer.utf8Into(into, from, to))));
      return;
    }
    const text = this.buffer.text(from, to);
    this.call(id, (s) => hold(s.data(from, text)));
  }

  /** The subscriptions that take the output. */
  private readers(): Subscription[] {
    return [...this.subs.values()].filter((e) => e.output);
  }

  /** A subscriber that throws is detached so it cannot break delivery to the others. */
  private call(id: string, deliver: (sub: RunSubscriber) => void): void {
    const entry = this.subs.get(id);
    if (!entry) return;
    try {
      deliver(entry.sub);
    } catch (err) {
      this.subs.delete(id);
      process.emitWarning(`run ${this.runId}: subscriber ${id} threw and was detached: ${String(err)}`);
    }
  }
}
