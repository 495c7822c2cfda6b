// run:secret and secrets:forget: the answer to a run's prompt goes to that run's runner and
// nowhere else; it is never logged, echoed in an error or sent to another socket.
import type { Target } from '../../protocol/ids';
import { onRequest } from './handle-event';
import type { OnrampSocket } from './onramp-socket';
import type { RunStorePort } from './run-store-port';

/** Forgets the secrets held for a target (host sudo password; dom0 passwords); returns how many. */
export type ForgetSecrets = (target: Target) => number;

export interface SecretHandlerDeps {
  readonly runs: RunStorePort;
  readonly forgetSecrets?: ForgetSecrets;
}

export function registerSecretHandlers(socket: OnrampSocket, deps: SecretHandlerDeps): void {
  // The payload holds the secret: its row's fixed text answers a refused one, never zod's issues.
  onRequest(socket, 'run:secret', ({ runId, promptId, value }) =>
    deps.runs.answerSecret(runId, promptId, value)
      ? { ok: true, value: null }
      : { ok: false, error: `run ${runId} is not waiting for prompt ${promptId}: it was answered, or the run ended` },
  );

  onRequest(socket, 'secrets:forget', ({ target }) => ({
    ok: true,
    value: { forgotten: deps.forgetSecrets?.(target) ?? 0 },
  }));
}
