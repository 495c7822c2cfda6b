// A check's verdict reached elsewhere on the page (the "Run this chapter" panel) reaches the check's
// own box too, so the box never shows an older verdict beside the panel's newer one. A DOM event on
// window: the panel's code is loaded on demand and shares no React state with the check boxes.
import type { AutopilotState } from '../../protocol/autopilot';
import type { StoredVerdict } from './stored-verdicts';

const EVENT = 'onramp:check-verdict';

export interface CheckVerdict extends StoredVerdict {
  readonly checkId: string;
}

/** The verdicts of an autopilot's finished check items, with when each was reached (ms since the epoch). */
export function checkVerdictsOf(state: AutopilotState): CheckVerdict[] {
  return state.items.flatMap((item) =>
    item.kind === 'check' && item.verdict && item.endedAt !== undefined
      ? [{ checkId: item.checkId, verdict: item.verdict, at: item.endedAt }]
      : [],
  );
}

/** Tells the page's check boxes about verdicts reached elsewhere on it. */
export function announceVerdicts(verdicts: readonly CheckVerdict[]): void {
  for (const v of verdicts) window.dispatchEvent(new CustomEvent<CheckVerdict>(EVENT, { detail: v }));
}

/** Calls `listener` with each verdict announced for `checkId`; returns the function that stops it. */
export function onVerdict(checkId: string, listener: (v: StoredVerdict) => void): () => void {
  const handle = (e: Event) => {
    const detail = (e as CustomEvent<CheckVerdict>).detail;
    if (detail.checkId === checkId) listener({ verdict: detail.verdict, at: detail.at });
  };
  window.addEventListener(EVENT, handle);
  return () => window.removeEventListener(EVENT, handle);
}
