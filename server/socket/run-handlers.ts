// run:* and runs:list: parse → decide (step catalog, params) → run store. No event takes a command.
import type { RunId } from '../../protocol/ids';
import type { PtyOptions } from '../runners/types';
import { planStepRun, type StepCatalog } from '../steps/step-catalog';
import type { RunnerProvider } from '../runners/runner-provider';
import { onNotice, onRequest } from './handle-event';
import type { OnrampSocket } from './onramp-socket';
import type { RunStorePort, RunSubscriber } from './run-store-port';

export interface RunHandlerDeps {
  readonly runs: RunStorePort;
  readonly catalog: StepCatalog;
  readonly runners: RunnerProvider;
}

/** The terminal size a run starts with; the client sends run:resize once its terminal is fitted. */
export const INITIAL_PTY: PtyOptions = { cols: 100, rows: 30 };

function subscriberFor(socket: OnrampSocket, runId: RunId): RunSubscriber {
  return {
    data: (offset, data) => void socket.emit('run:data', { runId, offset, data }),
    gap: (from, to) => void socket.emit('run:gap', { runId, from, to }),
    exit: (result) => void socket.emit('run:exit', { runId, result }),
    secretNeeded: (prompt) => void socket.emit('run:secret-needed', prompt),
    secretSettled: (promptId) => void socket.emit('run:secret-settled', { runId, promptId }),
  };
}

export function registerRunHandlers(socket: OnrampSocket, deps: RunHandlerDeps): void {
  const { runs } = deps;

  onRequest(
    socket,
    'run:start',
    async ({ stepId, params, output }) => {
      const plan = planStepRun(deps.catalog, stepId, params);
      if (!plan.ok) return plan;
      const { step, env } = plan.value;
      const runner = deps.runners(step.target);
      if (!runner.ok) return { ok: false, error: `step "${step.id}": ${runner.error}` };
      const started = runs.startOrJoin(step, runner.value, { ...env }, INITIAL_PTY);
      const info = await started.run;
      if (socket.disconnected) return undefined;
      const attached =
        runs.attach(info.runId, socket.id, subscriberFor(socket, info.runId), 0, {
          output: output === 'socket',
        }) ?? info;
      const joined = started.joined ? { ageMs: Math.max(0, Date.now() - info.startedAt) } : null;
      return { ok: true, value: { ...attached, joined } };
    },
    { failure: (message, { stepId }) => `step "${stepId}" could not start: ${message}` },
  );

  onRequest(socket, 'run:attach', ({ runId, fromOffset, output }) => {
    const info = runs.attach(runId, socket.id, subscriberFor(socket, runId), fromOffset, {
      output: output === 'socket',
    });
    return info
      ? { ok: true, value: info }
      : { ok: false, error: `no run ${runId}: it ended and was forgotten, or the server restarted` };
  });

  onRequest(socket, 'run:cancel', ({ runId }) =>
    runs.cancel(runId) ? { ok: true, value: null } : { ok: false, error: `run ${runId} is not running` },
  );

  onNotice(socket, 'run:detach', ({ runId }) => runs.detach(runId, socket.id));
  onNotice(socket, 'run:ack', ({ runId, offset }) => runs.ack(runId, socket.id, offset));
  onNotice(socket, 'run:resize', ({ runId, cols, rows }) => runs.resize(runId, cols, rows));
  onRequest(socket, 'runs:list', () => ({ ok: true, value: runs.list() }));

  // The runs go on: a reload or a second tab re-attaches with run:attach.
  socket.on('disconnect', () => runs.detachAll(socket.id));
}
