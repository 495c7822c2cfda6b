// What the content declares: the step registry the server loads and the only commands it runs.
import type { SetupPath } from './setup-paths';
import type { CheckId, StepId, Target } from './ids';
import type { ParamDecl } from './params';

/** Where in the content a declaration was written, for error messages. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
}

/**
 * The tab a step or check sits in: the chapter's `group`-th `<Tabs>` (0-based, in reading order)
 * and its `<Tab label>`. A tab marked `path="qemu"` or `path="virtualbox"` belongs to that setup path.
 */
export interface TabPlace {
  readonly group: number;
  readonly label: string;
  readonly path?: SetupPath;
}

export interface StepDecl {
  readonly id: StepId;
  readonly target: Target;
  /** The literal command text from the MDX code block, run by `sh -c` with parameters in the environment. */
  readonly command: string;
  /** The code block's language (sh, bash, console...): for display only. */
  readonly lang: string;
  readonly params: readonly ParamDecl[];
  /** Run as root: through sudo (`sudo -n` first; the step's panel asks for the sudo password when sudo needs one). */
  readonly root: boolean;
  /** Seconds before the run is ended as timed out; absent = no deadline (a human is watching). */
  readonly timeoutSec?: number;
  readonly chapter: string;
  readonly at: SourcePosition;
  /** `reboot`: the step restarts its target (dom0); the autopilot waits for dom0 to come back after it. */
  readonly reboot?: true;
  /**
   * `manual="..."`: the step is done by hand (an installer's screens, a password typed into a
   * terminal). The autopilot never runs it: it stops there and shows this text, what to do.
   */
  readonly manual?: string;
  /** `skipIf="check-id"`: the step is already done when this check passes; the autopilot then skips it. */
  readonly skipIf?: CheckId;
  /** Inside `<Tabs>`: the tab it belongs to (absent: on every path). */
  readonly tab?: TabPlace;
  /** The text of the nearest heading above the step (its section); absent above every heading. */
  readonly section?: string;
}

export interface CheckUse {
  readonly id: CheckId;
  readonly chapter: string;
  readonly at: SourcePosition;
  /** Inside `<Tabs>`: the tab it belongs to (absent: on every path). */
  readonly tab?: TabPlace;
}

/** A chapter as the registry names it: enough to list it and plan it (the body stays in the app). */
export interface ChapterOutline {
  readonly slug: string;
  readonly title: string;
  readonly order: number;
  readonly stage: string;
}

export interface StepRegistry {
  readonly steps: readonly StepDecl[];
  readonly checks: readonly CheckUse[];
  /** Every chapter, in the guide's order (steps and checks name theirs by slug). */
  readonly chapters: readonly ChapterOutline[];
}
