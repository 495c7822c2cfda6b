// Whether a chapter page should show a chapter run as it loads: this browser tab started one
// (sessionStorage: this tab only; the panel marks it), or the server holds a run of one of the
// chapter's steps. Apart from autopilot-view.ts because the idle panel needs only this on load.

const startedKey = (chapter: string) => `onramp.autopilot.${chapter}`;

/** True when this tab started a run of `chapter` (false when storage is disabled). */
export function startedHere(chapter: string): boolean {
  try {
    return window.sessionStorage.getItem(startedKey(chapter)) !== null;
  } catch {
    return false;
  }
}

/** Remember that this tab started a run of `chapter`. */
export function markStarted(chapter: string): void {
  try {
    window.sessionStorage.setItem(startedKey(chapter), '1');
  } catch {
    // storage disabled: a reload then finds the run through its steps' runs
  }
}

/**
 * Whether a page load should connect to replay this chapter's autopilot: this tab started one
 * (sessionStorage) or the server holds a run of one of the chapter's steps. Otherwise the page
 * loads no socket and no panel code until the reader clicks (a chapter page does not pay for it up front).
 */
export function worthReplaying(
  startedHere: boolean,
  runs: readonly { readonly stepId: string }[],
  chapterSteps: readonly string[],
): boolean {
  if (startedHere) return true;
  const steps = new Set(chapterSteps);
  return runs.some((r) => steps.has(r.stepId));
}
