// What the socket layer needs from the check engine (server/checks implements it).
import type { CheckId } from '../../protocol/ids';
import type { Verdict } from '../../protocol/verdict';

export interface CheckService {
  run(id: CheckId): Promise<Verdict>;
  /** Run every check of `stage` (all stages when undefined), reporting each verdict as it lands. */
  runAll(stage: string | undefined, onResult: (id: CheckId, v: Verdict) => void): Promise<void>;
}

/** Until the check engine is wired in: every check answers with an error verdict saying so. */
export const checkEngineMissing: CheckService = {
  run: async () => ({ status: 'error', reason: 'the check engine is not part of this build yet: update Onramp' }),
  runAll: async () => {},
};
