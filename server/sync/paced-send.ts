// Send a stream on an SSH channel with at most a bounded amount of data in flight (sent, and not
// yet acknowledged by dom0's sshd with a window adjust), instead of filling dom0's whole channel
// window. Measured on the lab's Xen dom0 under QEMU TCG (issue 16): with OpenSSH's 2 MB session
// window always full, 4.5 MB took 6–15 s; with 512 KB in flight, 1.7–2.3 s in the same runs. The
// guest drains a short queue steadily and a long one in stalls; the cipher made no difference.
import type { Readable } from 'node:stream';
import type { ClientChannel } from 'ssh2';

/** Default bytes in flight on a sync channel (best of 160 KB / 256 KB / 512 KB / 1 MB / unbounded in the lab). */
export const IN_FLIGHT_DEFAULT = 512 * 1024;

/**
 * How long (ms) a paced send waits without any window adjust before it doubles its bound: an SSH
 * server that acknowledges only after more than the bound was consumed (ssh2's own server waits
 * for half its window) is then not waited on forever. OpenSSH acknowledges every 3 packets.
 */
export const STALL_MS = 3000;

/**
 * Whether `chunk` bytes may be written now with `inFlight` bytes unacknowledged: always when
 * nothing is in flight or the bound is 0 (unbounded), else only within the bound. Pure.
 */
export function mayWrite(inFlight: number, chunk: number, bound: number): boolean {
  return bound <= 0 || inFlight <= 0 || inFlight + chunk <= bound;
}

/** The bound after a stall (STALL_MS without an adjust): doubled, at most the channel's window. Pure. */
export function boundAfterStall(bound: number, window: number): number {
  return Math.min(bound * 2, window);
}

/** ssh2's per-channel send state (ssh2 1.17 lib/Channel.js: `outgoing.window`, decremented on write and raised by CHANNEL_WINDOW_ADJUST in lib/client.js). */
interface Outgoing {
  window: number;
}

/**
 * Watch a channel's remaining send window: `inFlight()` is the initial window minus the remaining
 * one (bytes dom0 has not acknowledged), `changed()` resolves on the next change. Returns null when
 * the channel has no numeric `outgoing.window` (another ssh2 version): the caller sends unpaced.
 */
function watchWindow(channel: ClientChannel): { inFlight(): number; initial: number; changed(): Promise<void> } | null {
  const outgoing = (channel as unknown as { outgoing?: Outgoing }).outgoing;
  const desc = outgoing ? Object.getOwnPropertyDescriptor(outgoing, 'window') : undefined;
  if (!outgoing || !desc || !('value' in desc) || typeof desc.value !== 'number') return null;
  let window = desc.value;
  const initial = window;
  let waiters: Array<() => void> = [];
  Object.defineProperty(outgoing, 'window', {
    configurable: true,
    enumerable: true,
    get: () => window,
    set: (v: number) => {
      window = v;
      const wake = waiters;
      waiters = [];
      for (const w of wake) w();
    },
  });
  return {
    initial,
    inFlight: () => Math.max(0, initial - window),
    changed: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

/**
 * Pipe `input` into `channel` (ending it when `input` ends) with at most `bound` bytes in flight
 * (0: unbounded, the whole window, like `input.pipe(channel)`). `stopped()` says when the remote
 * side ended and sending must stop. Resolves when all was handed over or sending stopped; rejects
 * with `input`'s error.
 */
export async function pacedSend(
  input: Readable,
  channel: ClientChannel,
  bound: number,
  stopped: () => boolean,
): Promise<void> {
  const watch = bound > 0 ? watchWindow(channel) : null;
  let limit = watch ? Math.min(bound, watch.initial) : 0;
  const closed = new Promise<'closed'>((resolve) => channel.once('close', () => resolve('closed')));
  const adjustOrStall = async (w: NonNullable<typeof watch>): Promise<'adjust' | 'stall' | 'closed'> => {
    let timer: NodeJS.Timeout | undefined;
    const stall = new Promise<'stall'>((resolve) => {
      timer = setTimeout(() => resolve('stall'), STALL_MS);
    });
    try {
      return await Promise.race([w.changed().then(() => 'adjust' as const), closed, stall]);
    } finally {
      clearTimeout(timer);
    }
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    if (stopped()) break;
    while (watch && !mayWrite(watch.inFlight(), chunk.length, limit) && !stopped()) {
      if ((await adjustOrStall(watch)) === 'stall') limit = boundAfterStall(limit, watch.initial);
    }
    if (stopped()) break;
    if (!channel.write(chunk)) await Promise.race([new Promise((r) => channel.once('drain', r)), closed]);
  }
  if (stopped()) {
    input.destroy();
    return;
  }
  if (channel.writable) channel.end();
}
