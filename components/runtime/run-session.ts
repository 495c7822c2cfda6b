// One step's live link: its run on the server, the shared socket and its terminal. Owns every
// listener it adds and removes them in dispose(). Loaded lazily with the terminal.
import type { RunId, RunInfo } from '../../protocol/socket';
import type { RunResult } from '../../protocol/run-result';
import type { RunSecretPrompt } from '../../protocol/socket-secrets';
import { gapNotice, newOutput } from './output-cursor';
import type { RunView } from './run-status';
import { CompanionUnreachable, connectedSocket, type OnrampSocket } from './socket-client';
import type { TerminalSink } from './terminal-sink';
import { DisposableStore, toDisposable } from '../../lib/lifecycle';
import { readOutputStream, type StreamEnd } from './output-stream';
import { NOT_SIGNED_IN, sessionToken } from './session-token';

const ACK_TIMEOUT_MS = 10_000;
/**
 * Characters of output the page lets wait unparsed in the terminal before it stops reading the
 * output stream (the bare xterm.js ceiling in bench/ keeps the same 4 MiB queued).
 */
export const TERMINAL_BACKLOG_CHARS = 4 * 1024 * 1024;
/** A broken output stream of a live run is opened again this many times, this long apart. */
const STREAM_RETRIES = 3;
const STREAM_RETRY_MS = 1000;

export class RunSession {
  private runId: RunId | undefined;
  /** Output offset the terminal has (or has been sent for writing). */
  private have = 0;
  private exited = false;
  /** The run's result once the server reported it; shown once the output stream has ended too. */
  private result: RunResult | undefined;
  /** The output stream being read, if any (aborted on switching runs and on dispose). */
  private stream: AbortController | undefined;
  private streamRetries = 0;
  /** The output stream of this run was read to its end: all output is in the terminal's queue. */
  private outputEnded = false;
  /** Every listener this session added; removed together in dispose(). */
  private readonly listeners = new DisposableStore();

  private constructor(
    private readonly socket: OnrampSocket,
    private readonly sink: TerminalSink,
    private readonly onView: (view: RunView) => void,
    private readonly onSecret: (prompt: RunSecretPrompt | null) => void,
  ) {
    const onExit = (msg: { runId: RunId; result: RunResult }) => {
      if (msg.runId === this.runId) this.exitReported(msg.result);
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
    socket.on('run:exit', onExit);
    socket.on('disconnect', onDisconnect);
    socket.io.on('reconnect', onReconnect);
    this.listeners.add(toDisposable(() => socket.off('run:secret-needed', onSecretNeeded)));
    this.listeners.add(toDisposable(() => socket.off('run:secret-settled', onSecretSettled)));
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
    const res = await this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('run:start', { stepId, params, output: 'stream' });
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
      .emitWithAck('run:attach', { runId: run.runId, fromOffset: this.have, output: 'stream' });
    // The reader may have started another run while this answer was on its way.
    if (run.runId !== this.runId) return;
    if (!res.ok) return this.onView({ phase: 'refused', error: res.error });
    if (res.value.state === 'exited') this.exitReported(res.value.result);
    this.openStream(run.runId);
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
    this.stream?.abort();
    if (this.runId) this.socket.emit('run:detach', { runId: this.runId });
    this.listeners.dispose();
  }

  /** Switch to showing `run` from its start: a new run of the step, or the one found on load. */
  private follow(run: RunInfo): void {
    if (this.runId && this.runId !== run.runId) this.socket.emit('run:detach', { runId: this.runId });
    this.stream?.abort();
    this.stream = undefined;
    this.runId = run.runId;
    this.onSecret(null);
    this.exited = false;
    this.result = undefined;
    this.streamRetries = 0;
    this.outputEnded = false;
    this.have = 0;
    this.sink.reset();
    if (run.state === 'exited') this.exitReported(run.result);
    else this.onView({ phase: 'running', startedAt: run.startedAt });
    this.socket.emit('run:resize', { runId: run.runId, cols: this.sink.cols, rows: this.sink.rows });
  }

  private async reattach(runId: RunId): Promise<void> {
    try {
      const res = await this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('run:attach', { runId, fromOffset: this.have, output: 'stream' });
      if (runId !== this.runId) return;
      if (!res.ok) return this.onView({ phase: 'refused', error: res.error });
      if (res.value.state === 'exited') this.exitReported(res.value.result);
      else this.onView({ phase: 'running', startedAt: res.value.startedAt });
      this.openStream(runId);
    } catch {
      if (runId === this.runId) this.onView({ phase: 'unreachable' });
    }
  }

  /** Read the run's output from where the terminal is, unless a stream for it is already open. */
  private openStream(runId: RunId): void {
    if (this.stream || runId !== this.runId) return;
    const token = sessionToken();
    if (!token) return this.onView({ phase: 'refused', error: NOT_SIGNED_IN });
    const controller = new AbortController();
    this.stream = controller;
    void readOutputStream(
      { runId, fromOffset: this.have, token },
      { output: (offset, bytes, chars, parsed) => this.receive(runId, { offset, bytes, chars }, parsed) },
      { signal: controller.signal, backlog: TERMINAL_BACKLOG_CHARS },
    ).then((end) => this.streamEnded(runId, controller, end));
  }

  private streamEnded(runId: RunId, controller: AbortController, end: StreamEnd): void {
    if (this.stream === controller) this.stream = undefined;
    if (end === 'aborted' || runId !== this.runId) return;
    if (end === 'ended') {
      // The server ends the body only once the run has exited and all its output was sent.
      this.outputEnded = true;
      if (this.result) this.finish(this.result);
      return;
    }
    if (this.result) return this.finish(this.result);
    // A live run whose stream broke while the socket stayed up: open it again from where we are.
    // (A dropped socket is handled by its reconnect, which opens the stream again.)
    if (this.socket.connected && this.streamRetries < STREAM_RETRIES) {
      this.streamRetries += 1;
      setTimeout(() => this.openStream(runId), STREAM_RETRY_MS);
      return;
    }
    if (this.socket.connected)
      this.onView({ phase: 'refused', error: `the run's output could not be read: ${end.error}` });
  }

  private receive(
    runId: RunId,
    chunk: { readonly offset: number; readonly bytes: Uint8Array; readonly chars: number },
    parsed: () => void,
  ): void {
    if (runId !== this.runId) return parsed();
    // The stream starts where the terminal is and goes on in order: only its first chunk can be
    // past `have` (output no longer kept). One that overlaps is decoded and cut (never expected).
    if (chunk.offset < this.have) {
      const fresh = newOutput(this.have, { offset: chunk.offset, data: new TextDecoder().decode(chunk.bytes) });
      if (!fresh) return parsed();
      this.have = fresh.end;
      return this.sink.write(fresh.data, parsed);
    }
    if (chunk.offset > this.have) this.sink.notice(gapNotice(chunk.offset - this.have));
    this.have = chunk.offset + chunk.chars;
    this.sink.write(chunk.bytes, parsed, chunk.chars);
  }

  /**
   * The server says the run exited: shown once its output stream has been read to the end, so the
   * terminal holds all of it when the status says so; a cancel is shown at once (the reader asked
   * for it and waits for it), the rest of the output still following into the terminal.
   */
  private exitReported(result: RunResult): void {
    this.result ??= result;
    if (this.outputEnded || result.canceled) this.finish(result);
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
