// The first line of "Run this chapter": the same before the panel's code is loaded
// (autopilot-launcher.tsx) and after (autopilot-panel.tsx, which says the plan's counts).

/** What a chapter run does, before a plan says how many steps and checks. */
const DEFAULT_HINT = 'Onramp runs its steps in order and its checks, and stops at the first failure.';

export interface AutopilotHeadingProps {
  /** The id the panel's section is labelled by. */
  readonly id: string;
  /** What a run of this chapter does; absent, the words without a plan's counts. */
  readonly hint?: string;
}

/** The panel's title and, after it, what a chapter run does. */
export function AutopilotHeading({ id, hint = DEFAULT_HINT }: AutopilotHeadingProps) {
  return (
    <p className="autopilot-title" id={id}>
      <strong>Run this chapter</strong>
      <span className="hint"> {hint}</span>
    </p>
  );
}
