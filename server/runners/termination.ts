// One termination controller per process (after execa `lib/terminate/timeout.js` and `cancel.js`):
// the deadline and the caller's AbortSignal end the process through one kill function, the FIRST
// reason is the one recorded, and one dispose() clears the timer and the abort listener.
import type { Disposable } from '../../lib/lifecycle';

/** Why a process was ended before it exited by itself. */
export type EndReason = 'timeout' | 'cancel' | 'transport-lost';

export interface TerminationOptions {
  /** End the process after this many milliseconds; undefined: no deadline. */
  readonly timeoutMs?: number | undefined;
  /** End the process when this signal aborts (already aborted: right after setup, in a microtask). */
  readonly signal?: AbortSignal | undefined;
}

export interface Termination extends Disposable {
  /** The first reason recorded, or undefined while nothing ended the process. */
  readonly reason: EndReason | undefined;
  readonly timedOut: boolean;
  readonly canceled: boolean;
  /** Record `reason` (unless one is recorded already) and call the kill function. Ignored after dispose(). */
  end(reason: EndReason): void;
  /** Record `reason` without killing (the transport went away by itself); false if one was recorded already. */
  record(reason: EndReason): boolean;
}

/**
 * Wire `{ timeoutMs, signal }` to `kill`. `kill` runs at most once per `end()` call that found the
 * controller live; runners whose kill cannot act yet (no remote process group known) call it again
 * later by checking `reason`. Call dispose() when the process has ended.
 */
export function terminationFor(opts: TerminationOptions, kill: (reason: EndReason) => void): Termination {
  let reason: EndReason | undefined;
  let disposed = false;
  const end = (why: EndReason): void => {
    if (disposed) return;
    reason ??= why;
    kill(reason);
  };
  const timer = opts.timeoutMs !== undefined ? setTimeout(() => end('timeout'), opts.timeoutMs) : undefined;
  const onAbort = (): void => end('cancel');
  // An already aborted signal ends the process once the runner has finished wiring it up.
  if (opts.signal?.aborted) queueMicrotask(onAbort);
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    get reason() {
      return reason;
    },
    get timedOut() {
      return reason === 'timeout';
    },
    get canceled() {
      return reason === 'cancel';
    },
    end,
    record(why) {
      if (reason !== undefined) return false;
      reason = why;
      return true;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    },
  };
}
