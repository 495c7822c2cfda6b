// setup:get-path and setup:set-path → setup-path.json (as Settings keep dom0.json): a choice is
// told to every signed-in tab, whose path tabs switch to it.
import { resolveSetupPath } from '../checks/setup-path';
import { writeSetupPathChoice } from '../config/setup-path-choice';
import { onRequest } from './handle-event';
import type { OnrampIo, OnrampSocket } from './onramp-socket';

export function registerSetupPathHandlers(io: OnrampIo, socket: OnrampSocket): void {
  onRequest(socket, 'setup:get-path', async () => ({ ok: true, value: await resolveSetupPath() }), {
    failure: (message) => `the setup path could not be read: ${message}`,
  });
  onRequest(
    socket,
    'setup:set-path',
    async ({ path }) => {
      await writeSetupPathChoice(path);
      const info = { path, source: 'chosen' } as const;
      io.emit('setup:path', info);
      return { ok: true, value: info };
    },
    { failure: (message, { path }) => `the setup path "${path}" could not be saved: ${message}` },
  );
}
