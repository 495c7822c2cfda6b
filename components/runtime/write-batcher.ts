// Output for xterm.js gathered into few, large writes. Each write xterm finishes is followed by a
// rendered frame (DOM layout, paint, and Chromium's hover hit test under the pointer), so a flood
// handed over as 64 KiB socket messages made the browser render several times more frames per
// megabyte than the same characters written in large pieces (bench/terminal-trace.ts: 933 frames
// for 100 MB against 237 for the bare xterm.js ceiling). Here at most one batch is inside xterm at
// a time, and while output keeps coming a new write starts no sooner than `intervalMs` after the
// previous one; output after a quiet spell is written at once. A batch is handed over in writes
// of bounded size, so xterm still yields to the page between them. Order is kept: notices and
// resets go through the same queue as output.

/** What xterm.js writes: text, or UTF-8 bytes (xterm decodes them, keeping a character cut between writes). */
export type TerminalData = string | Uint8Array;

/** One piece for the terminal, in the order it must be written. */
export interface BatchItem {
  readonly data: TerminalData;
  /** Output of the run (counted and acknowledged) rather than a notice or a reset. */
  readonly output: boolean;
  /** Runs once xterm has processed this piece. */
  readonly done?: () => void;
}

/** Pieces of one kind (all text or all bytes) as one. */
function join(parts: readonly TerminalData[]): TerminalData {
  if (parts.length === 1) return parts[0]!;
  if (typeof parts[0] === 'string') return (parts as string[]).join('');
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts as Uint8Array[]) {
    bytes.set(p, at);
    at += p.length;
  }
  return bytes;
}

/**
 * Consecutive output items of one kind (text or bytes) joined into writes of up to about
 * `maxChars` characters or bytes (an item is never cut); notices and resets stay writes of their
 * own. xterm yields to the page only between writes, so one huge write would keep a click
 * (Cancel) waiting until it is parsed.
 */
export function coalesce(items: readonly BatchItem[], maxChars = Number.POSITIVE_INFINITY): BatchItem[] {
  const out: BatchItem[] = [];
  let parts: TerminalData[] = [];
  let size = 0;
  let dones: Array<() => void> = [];
  const close = () => {
    size = 0;
    if (parts.length === 0) return;
    const callbacks = dones;
    const data = join(parts);
    out.push(
      callbacks.length ? { data, output: true, done: () => callbacks.forEach((d) => d()) } : { data, output: true },
    );
    parts = [];
    dones = [];
  };
  for (const item of items) {
    if (!item.output) {
      close();
      out.push(item);
      continue;
    }
    const kindChanged = parts.length > 0 && typeof parts[0] !== typeof item.data;
    if (kindChanged || (size > 0 && size + item.data.length > maxChars)) close();
    parts.push(item.data);
    size += item.data.length;
    if (item.done) dones.push(item.done);
  }
  close();
  return out;
}

/** Milliseconds to wait before the next write: 0 once `intervalMs` have passed since the last one began. */
export function batchDelay(now: number, lastWriteAt: number, intervalMs: number): number {
  return Math.max(0, lastWriteAt + intervalMs - now);
}

export interface BatcherDeps {
  /** xterm's write: `done` runs once the data is parsed. */
  readonly write: (data: TerminalData, done: () => void) => void;
  readonly now: () => number;
  readonly setTimer: (fn: () => void, ms: number) => unknown;
  readonly clearTimer: (handle: unknown) => void;
}

export class WriteBatcher {
  private queue: BatchItem[] = [];
  /** Writes handed to xterm and not yet processed. */
  private inFlight = 0;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private disposed = false;

  /**
   * `intervalMs`: the shortest time between the starts of two batches while output keeps coming;
   * `maxWriteChars`: the most characters joined into one xterm write.
   */
  constructor(
    private readonly deps: BatcherDeps,
    private readonly intervalMs: number,
    private readonly maxWriteChars = Number.POSITIVE_INFINITY,
  ) {}

  /** Nothing queued and nothing inside xterm: everything pushed so far has been processed. */
  get idle(): boolean {
    return this.inFlight === 0 && this.queue.length === 0;
  }

  push(item: BatchItem): void {
    if (this.disposed) return;
    this.queue.push(item);
    this.schedule();
  }

  /** Forget queued items (their callbacks never run) and stop the timer. */
  dispose(): void {
    this.disposed = true;
    this.queue = [];
    if (this.timer !== undefined) this.deps.clearTimer(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.inFlight > 0 || this.timer !== undefined || this.queue.length === 0 || this.disposed) return;
    const wait = batchDelay(this.deps.now(), this.lastWriteAt, this.intervalMs);
    if (wait === 0) return this.flush();
    this.timer = this.deps.setTimer(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const items = coalesce(this.queue, this.maxWriteChars);
    this.queue = [];
    if (items.length === 0) return;
    this.lastWriteAt = this.deps.now();
    this.inFlight += items.length;
    for (const item of items)
      this.deps.write(item.data, () => {
        this.inFlight -= 1;
        item.done?.();
        this.schedule();
      });
  }
}
