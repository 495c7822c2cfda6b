// What the socket layer needs from the check engine (server/checks implements it).
import type { CheckId } from '../../protocol/ids';
import type { Verdict } from '../../protocol/verdict';

export interface CheckService {
  /**
   * Runs the check after its prerequisites; `onResult` hears each verdict as it lands, `onStart` each start.
   * An unknown id answers an error verdict.
   */
  run(
    id: CheckId | string,
    onResult?: (id: CheckId, v: Verdict) => void,
    onStart?: (id: CheckId) => void,
  ): Promise<Verdict>;
  /**
   * Every check of `stage` (actions included) with prerequisites, or every non-action check when `stage`
   * is undefined, reporting each start and each verdict; rejects for an unknown stage.
   */
  runAll(
    stage: string | undefined,
    onResult: (id: CheckId, v: Verdict) => void,
    onStart?: (id: CheckId) => void,
  ): Promise<void>;
}
