// A PtyProcess that never ran: what spawnPty resolves with when the process could not start, so
// every runner reports a start failure the same way (an exit result with `error` and `cause`).
import { Emitter, toDisposable } from '../../lib/lifecycle';
import type { PtyProcess, RunnerResult } from './types';

/** A terminal whose process has already ended with `result`: no output; writes, resizes and cancel do nothing. */
export function exitedPty(result: RunnerResult): PtyProcess {
  const exit = new Emitter<RunnerResult>('last');
  exit.fire(result);
  const nothing = (): void => {};
  return {
    onData: () => toDisposable(nothing),
    onExit: exit.event,
    write: nothing,
    resize: nothing,
    pause: nothing,
    resume: nothing,
    cancel: nothing,
  };
}
