// check:run and checks:run-all → the check service; results go to every open tab.
import type { CheckService } from './check-service';
import { onRequest } from './handle-event';
import type { OnrampIo, OnrampSocket } from './onramp-socket';

export function registerCheckHandlers(io: OnrampIo, socket: OnrampSocket, checks: CheckService): void {
  onRequest(
    socket,
    'check:run',
    async ({ checkId }) => {
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
      return { ok: true, value: verdict };
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
