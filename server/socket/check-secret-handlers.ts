// check:secret and check:secret-cancel: the answer to a check's prompt goes to the checks waiting
// for it and nowhere else (never logged, never in an error, never sent to a socket). Every tab
// sees a check's prompt and its end; a tab that opens while one waits asks for it (check:prompts).
import type { Disposable } from '../../lib/lifecycle';
import type { CheckSecrets } from '../checks/check-secrets';
import { onRequest } from './handle-event';
import type { OnrampIo, OnrampSocket } from './onramp-socket';

/** Send every check prompt and its end to every tab; dispose to stop. */
export function forwardCheckPrompts(io: OnrampIo, secrets: CheckSecrets): Disposable {
  const needed = secrets.onNeeded((prompt) => io.emit('check:secret-needed', prompt));
  const settled = secrets.onSettled((promptId) => io.emit('check:secret-settled', { promptId }));
  return {
    dispose() {
      needed.dispose();
      settled.dispose();
    },
  };
}

export function registerCheckSecretHandlers(socket: OnrampSocket, secrets: CheckSecrets): void {
  onRequest(socket, 'check:prompts', () => ({ ok: true, value: secrets.current() }));

  // The payload holds the secret: its row's fixed text answers a refused one, never zod's issues.
  onRequest(socket, 'check:secret', ({ promptId, value }) =>
    secrets.answer(promptId, value)
      ? { ok: true, value: null }
      : { ok: false, error: `no check is waiting for prompt ${promptId}: it was answered, canceled or given up` },
  );

  onRequest(socket, 'check:secret-cancel', ({ promptId }) =>
    secrets.cancel(promptId)
      ? { ok: true, value: null }
      : { ok: false, error: `no check is waiting for prompt ${promptId}: it was answered, canceled or given up` },
  );
}
