// check:run and checks:run-all → the check service; results go to every open tab.
import type { Server } from 'socket.io';
import {
  CheckRunSchema,
  ChecksRunAllSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../protocol/socket';
import type { Verdict } from '../../protocol/verdict';
import type { CheckService } from './check-service';
import { parsePayload, replyWith } from './parse-payload';
import type { OnrampSocket } from './run-handlers';
import { errorMessage } from '../../protocol/result';

export function registerCheckHandlers(
  io: Server<ClientToServerEvents, ServerToClientEvents>,
  socket: OnrampSocket,
  checks: CheckService,
): void {
  socket.on('check:run', async (payload, ack) => {
    const reply = replyWith<Verdict>(ack);
    const parsed = parsePayload(CheckRunSchema, payload, 'check:run');
    if (!parsed.ok) return reply(parsed);
    const checkId = parsed.value.checkId;
    io.emit('check:status', { checkId, state: 'running' });
    let reported = false;
    try {
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
      reply({ ok: true, value: verdict });
    } catch (err) {
      reply({ ok: false, error: `check "${checkId}" could not run: ${errorMessage(err)}` });
    }
  });

  socket.on('checks:run-all', async (payload, ack) => {
    const reply = replyWith<null>(ack);
    const parsed = parsePayload(ChecksRunAllSchema, payload, 'checks:run-all');
    if (!parsed.ok) return reply(parsed);
    try {
      await checks.runAll(
        parsed.value.stage,
        (checkId, verdict) => io.emit('check:result', { checkId, verdict, at: Date.now() }),
        (checkId) => io.emit('check:status', { checkId, state: 'running' }),
      );
      reply({ ok: true, value: null });
    } catch (err) {
      reply({ ok: false, error: `checks could not run: ${errorMessage(err)}` });
    }
  });
}
