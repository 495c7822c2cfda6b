// What the socket layer needs from the check engine (server/checks implements it).
import type { CheckId } from '../../protocol/ids';
import type { Verdict } from '../../protocol/verdict';

export interface CheckService {
  /** Runs the check after its prerequisites; `onResult` hears each verdict as it lands, `onStart` each start. */
  run(id: CheckId, onResult?: (id: CheckId, v: Verdict) => void, onStart?: (id: CheckId) => void): Promise<Verdict>;
  /** Run every check of `stage` (all stages when undefined), reporting each start and each verdict. */
  runAll(
    stage: string | undefined,
    onResult: (id: CheckId, v: Verdict) => void,
    onStart?: (id: CheckId) => void,
  ): Promise<void>;
}
