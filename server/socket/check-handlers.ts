// check:run and checks:run-all → the check service; results go to every open tab.
import type { CheckId } from '../../protocol/ids';
import type { Verdict } from '../../protocol/verdict';
import type { CheckService } from './check-service';
import { onRequest } from './handle-event';
import type { OnrampIo, OnrampSocket } from './onramp-socket';

/** Checks in progress on this server by id: a second check:run of the same check joins the first. */
export type ChecksInFlight = Map<CheckId, Promise<Verdict>>;

/** Run `checkId`, telling every tab its start and each verdict (prerequisites included). */
export async function runCheck(io: OnrampIo, checks: CheckService, checkId: CheckId): Promise<Verdict> {
  io.emit('check:status', { checkId, state: 'running' });
  let reported = false;
  const verdict = await checks.run(
    checkId,
    (id, v) => {
      reported ||= id === checkId;
      io.emit('check:result', { checkId: id, verdict: v, at: Date.now() });
    },
    (id) => {
      if (id !== checkId) io.emit('check:status', { checkId: id, state: 'running' });
    },
  );
  if (!reported) io.emit('check:result', { checkId, verdict, at: Date.now() });
  return verdict;
}

export function registerCheckHandlers(
  io: OnrampIo,
  socket: OnrampSocket,
  checks: CheckService,
  inFlight: ChecksInFlight,
): void {
  onRequest(
    socket,
    'check:run',
    async ({ checkId }) => {
      // One run per check at a time: a second tab (or click) waits for the run in progress.
      let running = inFlight.get(checkId);
      if (!running) {
        running = runCheck(io, checks, checkId).finally(() => inFlight.delete(checkId));
        inFlight.set(checkId, running);
      }
      return { ok: true, value: await running };
    },
    { failure: (message, { checkId }) => `check "${checkId}" could not run: ${message}` },
  );

  onRequest(
    socket,
    'checks:run-all',
    async ({ stage }) => {
      await checks.runAll(
        stage,
        (checkId, verdict) => io.emit('check:result', { checkId, verdict, at: Date.now() }),
        (checkId) => io.emit('check:status', { checkId, state: 'running' }),
      );
      return { ok: true, value: null };
    },
    { failure: (message) => `checks could not run: ${message}` },
  );
}
