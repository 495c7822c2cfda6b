// run:* and runs:list: parse → decide (step catalog, params) → run store. No event takes a command.
import type { Socket } from 'socket.io';
import type { RunId } from '../../protocol/ids';
import {
  RunAckSchema,
  RunAttachSchema,
  RunRefSchema,
  RunResizeSchema,
  RunStartSchema,
  type ClientToServerEvents,
  type RunInfo,
  type ServerToClientEvents,
} from '../../protocol/socket';
import type { PtyOptions } from '../runners/types';
import { planStepRun, type StepCatalog } from '../steps/step-catalog';
import type { RunnerProvider } from '../steps/runner-provider';
import { parsePayload, replyWith } from './parse-payload';
import type { RunStorePort, RunSubscriber } from './run-store-port';
import { errorMessage } from '../../protocol/result';

export type OnrampSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

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
  };
}

export function registerRunHandlers(socket: OnrampSocket, deps: RunHandlerDeps): void {
  const { runs } = deps;

  socket.on('run:start', async (payload, ack) => {
    const reply = replyWith<RunInfo>(ack);
    const parsed = parsePayload(RunStartSchema, payload, 'run:start');
    if (!parsed.ok) return reply(parsed);
    const plan = planStepRun(deps.catalog, parsed.value.stepId, parsed.value.params);
    if (!plan.ok) return reply(plan);
    const { step, env } = plan.value;
    const runner = deps.runners(step.target);
    if (!runner.ok) return reply({ ok: false, error: `step "${step.id}": ${runner.error}` });
    try {
      const info = await runs.start(step, runner.value, { ...env }, INITIAL_PTY);
      if (socket.disconnected) return;
      const attached = runs.attach(info.runId, socket.id, subscriberFor(socket, info.runId), 0) ?? info;
      reply({ ok: true, value: attached });
    } catch (err) {
      reply({ ok: false, error: `step "${step.id}" could not start: ${errorMessage(err)}` });
    }
  });

  socket.on('run:attach', (payload, ack) => {
    const reply = replyWith<RunInfo>(ack);
    const parsed = parsePayload(RunAttachSchema, payload, 'run:attach');
    if (!parsed.ok) return reply(parsed);
    const { runId, fromOffset } = parsed.value;
    const info = runs.attach(runId, socket.id, subscriberFor(socket, runId), fromOffset);
    reply(
      info
        ? { ok: true, value: info }
        : { ok: false, error: `no run ${runId}: it ended and was forgotten, or the server restarted` },
    );
  });

  socket.on('run:cancel', (payload, ack) => {
    const reply = replyWith<null>(ack);
    const parsed = parsePayload(RunRefSchema, payload, 'run:cancel');
    if (!parsed.ok) return reply(parsed);
    const canceled = runs.cancel(parsed.value.runId);
    reply(canceled ? { ok: true, value: null } : { ok: false, error: `run ${parsed.value.runId} is not running` });
  });

  socket.on('run:detach', (payload) => {
    const parsed = parsePayload(RunRefSchema, payload, 'run:detach');
    if (parsed.ok) runs.detach(parsed.value.runId, socket.id);
  });

  socket.on('run:ack', (payload) => {
    const parsed = parsePayload(RunAckSchema, payload, 'run:ack');
    if (parsed.ok) runs.ack(parsed.value.runId, socket.id, parsed.value.offset);
  });

  socket.on('run:resize', (payload) => {
    const parsed = parsePayload(RunResizeSchema, payload, 'run:resize');
    if (parsed.ok) runs.resize(parsed.value.runId, parsed.value.cols, parsed.value.rows);
  });

  socket.on('runs:list', (ack) => replyWith<readonly RunInfo[]>(ack)({ ok: true, value: runs.list() }));

  // The runs go on: a reload or a second tab re-attaches with run:attach.
  socket.on('disconnect', () => runs.detachAll(socket.id));
}
