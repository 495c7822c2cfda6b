// autopilot:* events → AutopilotService. Every state change goes to every signed-in tab
// (`autopilot:state`, the whole state), so a second tab and a reloaded page see the same progress;
// `autopilot:list` replays every autopilot on (re)connect. A step's output and sudo prompt go
// through the run events (run:attach on the item's runId, run:secret), as for a clicked step.
import type { AutopilotService } from '../autopilot/executor';
import { onRequest } from './handle-event';
import type { OnrampIo, SocketFeature } from './onramp-socket';

export interface AutopilotFeature {
  readonly feature: SocketFeature;
  /** Stop broadcasting (the service itself is disposed by its owner). */
  dispose(): void;
}

/** The autopilot socket feature for `startAppServer({ socketFeatures })`; one per server. */
export function autopilotFeature(service: AutopilotService): AutopilotFeature {
  let unsubscribe: (() => void) | undefined;
  const broadcastTo = (io: OnrampIo) => {
    unsubscribe ??= service.onState((state) => io.emit('autopilot:state', state));
  };
  return {
    feature: (socket, io) => {
      broadcastTo(io);
      onRequest(socket, 'autopilot:plan', (request) => service.plan(request), {
        failure: (message, { chapter }) => `chapter "${chapter}" could not be planned: ${message}`,
      });
      onRequest(socket, 'autopilot:start', (request) => service.start(request), {
        failure: (message, { chapter }) => `chapter "${chapter}" could not start: ${message}`,
      });
      onRequest(socket, 'autopilot:answer', ({ autopilotId, params }) => service.answer(autopilotId, params));
      onRequest(socket, 'autopilot:continue', ({ autopilotId }) => service.continueManual(autopilotId));
      onRequest(socket, 'autopilot:cancel', ({ autopilotId }) => service.cancel(autopilotId));
      onRequest(socket, 'autopilot:list', () => ({ ok: true, value: service.list() }));
    },
    dispose: () => unsubscribe?.(),
  };
}
