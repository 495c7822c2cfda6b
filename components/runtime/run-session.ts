// One step's live link: its run on the server, the shared socket and its terminal. Owns every
// listener it adds and removes them in dispose(). Loaded lazily with the terminal.
import type { RunId, RunInfo } from '../../protocol/socket';
import type { RunResult } from '../../protocol/run-result';
import type { RunSecretPrompt } from '../../protocol/socket-secrets';
import { afterGap, gapNotice, newOutput } from './output-cursor';
import type { RunView } from './run-status';
import { CompanionUnreachable, connectedSocket, type OnrampSocket } from './socket-client';
import type { TerminalSink } from './terminal-sink';
import { DisposableStore, toDisposable } from '../../lib/lifecycle';

const ACK_TIMEOUT_MS = 10_000;

export class RunSession {
  private runId: RunId | undefined;
  /** Output offset the terminal has (or has been sent for writing). */
  private have = 0;
  private ackTo = 0;
  private ackQueued = false;
  private exited = false;
  /** Every listener this session added; removed together in dispose(). */
  private readonly listeners = new DisposableStore();

  private constructor(
    private readonly socket: OnrampSocket,
    private readonly sink: TerminalSink,
    private readonly onView: (view: RunView) => void,
    private readonly onSecret: (prompt: RunSecretPrompt | null) => void,
  ) {
    const onData = (msg: { runId: RunId; offset: number; data: string }) => this.receive(msg);
    const onGap = (msg: { runId: RunId; from: number; to: number }) => this.gap(msg);
    const onExit = (msg: { runId: RunId; result: RunResult }) => {
      if (msg.runId === this.runId) this.finish(msg.result);
    };
    const onDisconnect = () => {
      if (this.runId && !this.exited) this.onView({ phase: 'disconnected' });
    };
    // After a dropped connection the server has forgotten our subscription: attach again from where we are.
    const onReconnect = () => {
      if (this.runId && !this.exited) void this.reattach(this.runId);
    };
    // A prompt for this run's secret (a sudo password) is shown in the step's panel until settled.
    const onSecretNeeded = (msg: RunSecretPrompt) => {
      if (msg.runId === this.runId) this.onSecret(msg);
    };
    const onSecretSettled = (msg: { runId: RunId; promptId: string }) => {
      if (msg.runId === this.runId) this.onSecret(null);
    };
    socket.on('run:secret-needed', onSecretNeeded);
    socket.on('run:secret-settled', onSecretSettled);
    socket.on('run:data', onData);
    socket.on('run:gap', onGap);
    socket.on('run:exit', onExit);
    socket.on('disconnect', onDisconnect);
    socket.io.on('reconnect', onReconnect);
    this.listeners.add(toDisposable(() => socket.off('run:secret-needed', onSecretNeeded)));
    this.listeners.add(toDisposable(() => socket.off('run:secret-settled', onSecretSettled)));
    this.listeners.add(toDisposable(() => socket.off('run:data', onData)));
    this.listeners.add(toDisposable(() => socket.off('run:gap', onGap)));
    this.listeners.add(toDisposable(() => socket.off('run:exit', onExit)));
    this.listeners.add(toDisposable(() => socket.off('disconnect', onDisconnect)));
    this.listeners.add(toDisposable(() => socket.io.off('reconnect', onReconnect)));
    this.listeners.add(
      sink.onResize((cols, rows) => this.runId && socket.emit('run:resize', { runId: this.runId, cols, rows })),
    );
  }

  static async open(
    sink: TerminalSink,
    onView: (view: RunView) => void,
    onSecret: (prompt: RunSecretPrompt | null) => void = () => undefined,
  ): Promise<RunSession> {
    return new RunSession(await connectedSocket(), sink, onView, onSecret);
  }

  /** Answer the run's prompt: the secret goes to the server for this run only; an error says why it was not taken. */
  async answerSecret(promptId: string, value: string): Promise<string | null> {
    if (!this.runId) return 'no run is shown';
    const res = await this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('run:secret', { runId: this.runId, promptId, value });
    return res.ok ? null : res.error;
  }

  /** Forget the secrets the server holds for a target (the panel's "Forget"). */
  async forgetSecrets(target: 'host' | 'dom0'): Promise<string | null> {
    const res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('secrets:forget', { target });
    return res.ok ? null : res.error;
  }

  async start(stepId: string, params: Record<string, string>): Promise<void> {
    this.onView({ phase: 'starting' });
    const res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('run:start', { stepId, params });
    if (!res.ok) return this.onView({ phase: 'refused', error: res.error });
    const { joined, ...run } = res.value;
    this.follow(run);
    // Another tab or click started this step first: one run per step, shown here too.
    if (joined && run.state === 'running')
      this.onView({ phase: 'running', startedAt: run.startedAt, joinedAgeMs: joined.ageMs });
    await this.attach(run);
  }

  /** Show an existing run (replayed from the start, then live). */
  async attach(run: RunInfo): Promise<void> {
    if (run.runId !== this.runId) this.follow(run);
    const res = await this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('run:attach', { runId: run.runId, fromOffset: this.have });
    // The reader may have started another run while this answer was on its way.
    if (run.runId !== this.runId) return;
    if (!res.ok) return this.onView({ phase: 'refused', error: res.error });
    if (res.value.state === 'exited') this.finish(res.value.result);
  }

  /** Attach to a run found on page load, unless the reader has already started one meanwhile. */
  async attachIfIdle(run: RunInfo): Promise<void> {
    if (this.runId === undefined) await this.attach(run);
  }

  async cancel(): Promise<void> {
    if (!this.runId || this.exited) return;
    const res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('run:cancel', { runId: this.runId });
    if (!res.ok) this.onView({ phase: 'refused', error: res.error });
  }

  dispose(): void {
    if (this.runId) this.socket.emit('run:detach', { runId: this.runId });
    this.listeners.dispose();
  }

  /** Switch to showing `run` from its start: a new run of the step, or the one found on load. */
  private follow(run: RunInfo): void {
    if (this.runId && this.runId !== run.runId) this.socket.emit('run:detach', { runId: this.runId });
    this.runId = run.runId;
    this.onSecret(null);
    this.exited = false;
    this.have = 0;
    this.ackTo = 0;
    this.sink.reset();
    if (run.state === 'exited') this.finish(run.result);
    else this.onView({ phase: 'running', startedAt: run.startedAt });
    this.socket.emit('run:resize', { runId: run.runId, cols: this.sink.cols, rows: this.sink.rows });
  }

  private async reattach(runId: RunId): Promise<void> {
    try {
      const res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('run:attach', { runId, fromOffset: this.have });
      if (runId !== this.runId) return;
      if (!res.ok) return this.onView({ phase: 'refused', error: res.error });
      if (res.value.state === 'exited') this.finish(res.value.result);
      else this.onView({ phase: 'running', startedAt: res.value.startedAt });
    } catch {
      if (runId === this.runId) this.onView({ phase: 'unreachable' });
    }
  }

  private receive(msg: { runId: RunId; offset: number; data: string }): void {
    if (msg.runId !== this.runId) return;
    const fresh = newOutput(this.have, msg);
    if (!fresh) return;
    if (fresh.missing > 0) this.sink.notice(gapNotice(fresh.missing));
    this.have = fresh.end;
    const runId = msg.runId;
    this.sink.write(fresh.data, () => this.acknowledge(runId, fresh.end));
  }

  private gap(msg: { runId: RunId; from: number; to: number }): void {
    if (msg.runId !== this.runId) return;
    const to = afterGap(this.have, msg);
    if (to === undefined) return;
    this.sink.notice(gapNotice(to - this.have));
    this.have = to;
  }

  // Acks coalesce: many chunks written in one terminal frame send one ack for the furthest offset.
  private acknowledge(runId: RunId, offset: number): void {
    if (runId !== this.runId) return;
    this.ackTo = Math.max(this.ackTo, offset);
    if (this.ackQueued) return;
    this.ackQueued = true;
    queueMicrotask(() => {
      this.ackQueued = false;
      if (this.runId === runId) this.socket.emit('run:ack', { runId, offset: this.ackTo });
    });
  }

  private finish(result: RunResult): void {
    // run:exit and the attach ack can both report the end; the first one wins.
    if (this.exited) return;
    this.exited = true;
    this.onSecret(null);
    this.onView({ phase: 'exited', result });
  }
}

export { CompanionUnreachable };
