// Chapter autopilot: run one chapter's steps in order for a chosen setup path and tabs, skip the
// steps already done, wait through a dom0 reboot, stop at a step done by hand, run the chapter's
// checks, and stop at the first failure with its output and fix. This file is the shared contract
// (the browser's panel, the CLI and the server's executor all read the same shapes); the socket
// events are in socket-autopilot.ts.
import { z } from 'zod';
import { SETUP_PATHS, type SetupPath } from './setup-paths';
import { StepIdSchema, type CheckId, type RunId, type StepId, type Target } from './ids';
import type { ParamKind } from './params';
import type { RunResult } from './run-result';
import type { Fix, Verdict } from './verdict';

export const SetupPathSchema = z.enum(SETUP_PATHS);

const ChapterSlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a chapter is its slug, e.g. "xen"');

/** A tab choice: a `<Tab label>` of the chapter, or a unique case-insensitive prefix of one ("systemd-networkd"). */
const TabChoiceSchema = z.string().min(1).max(200);

/** Parameter values by name: checked against each step's declared kind before anything runs. */
const ParamValuesSchema = z.record(z.string().max(64), z.string().max(4096));

/** What to run: a chapter, the setup path and tabs to follow, values for its parameters. */
export const AutopilotRequestSchema = z.strictObject({
  chapter: ChapterSlugSchema,
  /** The setup path (tabs marked path="qemu" / "virtualbox"); absent: the server's detected path. */
  path: SetupPathSchema.optional(),
  /** One choice per `<Tabs>` group that has no path tab; absent groups take their first tab. */
  tabs: z.array(TabChoiceSchema).max(32).default([]),
  /** Values given now (the CLI's --param name=value); they win over every other source. */
  params: ParamValuesSchema.default({}),
  /** Start at this step: the items before it are left out (to go on after fixing a failure). */
  from: StepIdSchema.optional(),
});
export type AutopilotRequest = z.infer<typeof AutopilotRequestSchema>;

const AutopilotIdSchema = z.string().regex(/^autopilot-[A-Za-z0-9_-]{8,64}$/);
export type AutopilotId = string;

export const AutopilotRefSchema = z.strictObject({ autopilotId: AutopilotIdSchema });

/** Answers to the parameters the autopilot asks for (state `waiting`, `waiting.kind: 'params'`). */
export const AutopilotAnswerSchema = z.strictObject({ autopilotId: AutopilotIdSchema, params: ParamValuesSchema });

/**
 * Where a parameter's value comes from, best first: `given` (this start or an answer to this
 * autopilot), `remembered` (an answer to an earlier autopilot of this server), `dom0` (the saved
 * dom0 connection: user, host), `network` (the host-only network plan), `default` (the chapter's
 * own default), `ask` (no value: the autopilot asks before it runs anything).
 */
export const PARAM_SOURCES = ['given', 'remembered', 'dom0', 'network', 'default', 'ask'] as const;
export type ParamSource = (typeof PARAM_SOURCES)[number];

export interface PlannedParam {
  readonly name: string;
  readonly kind: ParamKind;
  /** Absent only when `source` is `ask`. */
  readonly value?: string;
  readonly source: ParamSource;
}

/** A parameter the autopilot needs a value for, with every step that uses it. */
export interface ParamAsk {
  readonly name: string;
  /** Every kind the steps declare for it (a value must satisfy all of them). */
  readonly kinds: readonly ParamKind[];
  readonly steps: readonly StepId[];
  /** Why the last answer was refused (a retry), absent on the first ask. */
  readonly problem?: string;
}

interface PlanItemBase {
  /** Position in the plan, from 0. */
  readonly index: number;
  /** The line of the chapter it is declared on (for "see line N" and ordering). */
  readonly line: number;
  /**
   * What a reader calls it: a check's catalogue title; a step's section heading in the chapter
   * (the chapter's title for a step above every heading).
   */
  readonly title: string;
}

/** One thing the autopilot does, in the chapter's order. */
export type PlanItem =
  | (PlanItemBase & {
      readonly kind: 'step';
      readonly stepId: StepId;
      readonly target: Target;
      readonly root: boolean;
      /** The step restarts dom0: wait for it to come back (new boot id, pinned host key). */
      readonly reboot: boolean;
      /** Skip the step (shown as satisfied) when this check passes as the autopilot reaches it. */
      readonly skipIf?: CheckId;
      readonly params: readonly PlannedParam[];
      /** The command's first line (at most 80 characters (plan.ts STEP_SUMMARY_MAX), … when cut): which step of its section this is. */
      readonly summary: string;
    })
  | (PlanItemBase & {
      /** A step done by hand: the autopilot stops here, shows `text`, and goes on when told to. */
      readonly kind: 'manual';
      readonly stepId: StepId;
      readonly target: Target;
      readonly text: string;
      /** No stop when this check passes as the autopilot reaches it (the thing is done already). */
      readonly skipIf?: CheckId;
    })
  | (PlanItemBase & {
      readonly kind: 'check';
      readonly checkId: CheckId;
    });

/** The tab the plan follows in each `<Tabs>` group of the chapter. */
export interface TabChoice {
  readonly group: number;
  readonly label: string;
  /** Every label of the group, in order, for a chooser. */
  readonly labels: readonly string[];
  /** Why this tab: the setup path, the caller's choice, or the group's first tab. */
  readonly by: 'path' | 'choice' | 'first';
  /** The section (heading) the group's first step is in, to name the group in a chooser. */
  readonly section?: string;
}

/** A chapter planned for one path and set of tabs: the order, the tabs, the values, what to ask. */
export interface AutopilotPlan {
  readonly chapter: string;
  readonly title: string;
  readonly path: SetupPath;
  readonly tabs: readonly TabChoice[];
  readonly items: readonly PlanItem[];
  /** Parameters with no value from any source: asked before the first item runs. */
  readonly ask: readonly ParamAsk[];
}

export const ITEM_STATES = [
  'pending',
  'running',
  /** Waiting for the reader: a secret, a step done by hand, dom0 coming back after a reboot. */
  'waiting',
  'passed',
  'failed',
  /** Not run: its `skipIf` check passed (already done). */
  'satisfied',
  /** A manual step the reader said they did. */
  'done-by-hand',
  'canceled',
] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/** A plan item as it runs: its state, its run (replayable with run:attach) or its verdict. */
export type AutopilotItem = PlanItem & {
  readonly state: ItemState;
  /** The step's run in the run store: attach to it to see its output and answer its sudo prompt. */
  readonly runId?: RunId;
  readonly result?: RunResult;
  /** A check's verdict, or the `skipIf` check's verdict of a satisfied step. */
  readonly verdict?: Verdict;
  /** One line on what happened: "already done: xen-running passes", "dom0 back after 48.2 s". */
  readonly note?: string;
  /** ms since the epoch. */
  readonly startedAt?: number;
  readonly endedAt?: number;
};

/** Why the autopilot waits, when it does. */
export type AutopilotWait =
  | { readonly kind: 'params'; readonly params: readonly ParamAsk[] }
  /** A run of the current item waits for a secret: attach to `runId` and answer with run:secret. */
  | { readonly kind: 'secret'; readonly runId: RunId; readonly label: string }
  /** A step done by hand: do `text`, then autopilot:continue. */
  | { readonly kind: 'manual'; readonly stepId: StepId; readonly text: string }
  /** dom0 is rebooting: the autopilot polls SSH until `deadline` (ms since the epoch). */
  | { readonly kind: 'reboot'; readonly since: number; readonly deadline: number };

/** Where and why the autopilot stopped on a failure. */
export interface AutopilotFailure {
  readonly index: number;
  /** One sentence: what failed, what was found, what was expected. */
  readonly reason: string;
  /** The end of the step's output (the whole output stays replayable through `runId`). */
  readonly output?: string;
  readonly runId?: RunId;
  /** The failing check's fix (commands shown, never run), or a fix for a step that failed. */
  readonly fix?: Fix;
}

export const AUTOPILOT_STATUSES = ['running', 'waiting', 'passed', 'failed', 'canceled'] as const;
export type AutopilotStatus = (typeof AUTOPILOT_STATUSES)[number];

/** The whole state of one autopilot: pushed in full on every change (`autopilot:state`), replayed on reconnect. */
export interface AutopilotState {
  readonly autopilotId: AutopilotId;
  readonly chapter: string;
  readonly title: string;
  readonly path: SetupPath;
  readonly tabs: readonly TabChoice[];
  readonly status: AutopilotStatus;
  readonly waiting?: AutopilotWait;
  readonly items: readonly AutopilotItem[];
  /** The item in progress (or the one it stopped at); null before the first and after the last. */
  readonly current: number | null;
  readonly failure?: AutopilotFailure;
  readonly startedAt: number;
  readonly endedAt?: number;
  /** Increases with every change: a client keeps the state with the highest `seq`. */
  readonly seq: number;
}

/** autopilot:start's answer: the autopilot, and whether it was already running (joined, nothing new started). */
export interface AutopilotStartReply {
  readonly state: AutopilotState;
  readonly joined: boolean;
}

/** True once the autopilot will not change any more. */
export function autopilotEnded(state: Pick<AutopilotState, 'status'>): boolean {
  return state.status === 'passed' || state.status === 'failed' || state.status === 'canceled';
}

/** The check id of an item, or the step id: what a line of progress names. */
export function itemName(item: PlanItem): string {
  return item.kind === 'check' ? item.checkId : item.stepId;
}
