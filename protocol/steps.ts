// What the content declares: the step registry the server loads and the only commands it runs.
import type { CheckId, StepId, Target } from './ids';
import type { ParamDecl } from './params';

/** Where in the content a declaration was written, for error messages. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
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
}

export interface CheckUse {
  readonly id: CheckId;
  readonly chapter: string;
  readonly at: SourcePosition;
}

export interface StepRegistry {
  readonly steps: readonly StepDecl[];
  readonly checks: readonly CheckUse[];
}
