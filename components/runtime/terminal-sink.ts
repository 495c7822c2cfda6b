// What a run session needs from a terminal; implemented by xterm-sink.ts (loaded lazily).
import type { Disposable } from '../../lib/lifecycle';

export interface TerminalSink {
  /** Write output; `done` runs once the terminal has processed it (flow control acks then). */
  write(data: string, done?: () => void): void;
  /** Show a message that is not part of the run's output (not counted in data-written). */
  notice(message: string): void;
  /** Clear the screen and the written count, for a new run of the same step. */
  reset(): void;
  /** Scroll the terminal into view (after the reader starts a run). */
  reveal(): void;
  readonly cols: number;
  readonly rows: number;
  /** Called after the terminal fits itself to a new container size. */
  onResize(listener: (cols: number, rows: number) => void): Disposable;
  dispose(): void;
}
