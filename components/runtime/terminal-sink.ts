// What a run session needs from a terminal; implemented by xterm-sink.ts (loaded lazily).
import type { Disposable } from '../../lib/lifecycle';

export interface TerminalSink {
  /**
   * Write output, text or UTF-8 bytes; `chars` is its length in UTF-16 code units (what
   * data-written counts; a string's own length when left out, required for bytes). `done` runs
   * once the terminal has processed it (flow control goes on then).
   */
  write(data: string, done?: () => void): void;
  write(data: Uint8Array, done: (() => void) | undefined, chars: number): void;
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
