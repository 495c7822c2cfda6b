// The one typed socket.io contract between the browser and the companion server: one table from
// each client event name to its schema and answer (CLIENT_EVENTS), from which both the browser's
// emit types and the server's parsing come. Every inbound payload is `unknown` until the server
// parses it with the row's schema.
import { z } from 'zod';
import { CheckIdSchema, RunIdSchema, StepIdSchema, type CheckId, type RunId, type StepId } from './ids';
import type { RunResult } from './run-result';
import { AUTOPILOT_EVENTS, type AutopilotServerEvents } from './socket-autopilot';
import { notice, request, type SenderEvents, type UntrustedEvents } from './socket-contract';
import { DOM0_EVENTS, type Dom0ServerEvents } from './socket-dom0';
import { SECRET_EVENTS, type SecretServerEvents } from './socket-secrets';
import { SETUP_EVENTS, type SetupServerEvents } from './socket-setup';
import type { Verdict } from './verdict';

/**
 * Where a subscriber reads the run's output: `socket` (run:data events, acknowledged with run:ack),
 * or `stream`: the body of GET /api/runs/<runId>/output (flow control by TCP), this socket then
 * getting only the run's status (run:exit, secret prompts).
 */
/**
 * The output stream's response header (GET /api/runs/<runId>/output): the output offset, in
 * UTF-16 code units, of the body's first character.
 */
export const OUTPUT_FROM_HEADER = 'X-Onramp-Output-From';
export const OutputModeSchema = z.enum(['socket', 'stream']).default('socket');
export type OutputMode = z.infer<typeof OutputModeSchema>;
export const RunStartSchema = z.strictObject({
  stepId: StepIdSchema,
  params: z.record(z.string(), z.string()).default({}),
  output: OutputModeSchema,
});
export const RunRefSchema = z.strictObject({ runId: RunIdSchema });
export const RunAttachSchema = z.strictObject({
  runId: RunIdSchema,
  /** Offset (in UTF-16 code units, i.e. JS string length) of output the client already has; replay starts there (no gap, no duplicate). */
  fromOffset: z.number().int().min(0).default(0),
  output: OutputModeSchema,
});
export const RunAckSchema = z.strictObject({ runId: RunIdSchema, offset: z.number().int().min(0) });
export const RunResizeSchema = z.strictObject({
  runId: RunIdSchema,
  cols: z.number().int().min(2).max(1000),
  rows: z.number().int().min(1).max(500),
});
export const CheckRunSchema = z.strictObject({ checkId: CheckIdSchema });
export const ChecksRunAllSchema = z.strictObject({ stage: z.string().max(64).optional() });

export type RunStart = z.infer<typeof RunStartSchema>;

interface RunInfoBase {
  readonly runId: RunId;
  readonly stepId: StepId;
  readonly startedAt: number;
  /** Total output produced so far, in UTF-16 code units. */
  readonly length: number;
}

/** A run as the server lists it: still running, or exited with its result. */
export type RunInfo =
  | (RunInfoBase & { readonly state: 'running' })
  | (RunInfoBase & { readonly state: 'exited'; readonly result: RunResult });

export type RunState = RunInfo['state'];

/**
 * run:start's answer: the run shown to the caller. One step runs once at a time: when it was already
 * running, `joined` says so and how long it had been running (ms), and no second run was started.
 */
export type RunStartReply = RunInfo & { readonly joined: { readonly ageMs: number } | null };

/** The result of an exited run; undefined while it runs (or when there is no run). */
export function exitResult(info: RunInfo | undefined): RunResult | undefined {
  return info?.state === 'exited' ? info.result : undefined;
}

/** The run and check events (the dom0 ones are in socket-dom0.ts). */
export const RUN_EVENTS = {
  /** Start a step, or join its run in progress (one run per step at a time). */
  'run:start': request<RunStartReply>()(RunStartSchema),
  'run:cancel': request<null>()(RunRefSchema),
  /** Subscribe to a run; the server replays from `fromOffset`, then streams live output. */
  'run:attach': request<RunInfo>()(RunAttachSchema),
  'run:detach': notice(RunRefSchema),
  /** Flow control: the client has written output up to `offset` into its terminal. */
  'run:ack': notice(RunAckSchema),
  'run:resize': notice(RunResizeSchema),
  'runs:list': request<readonly RunInfo[]>()(null),
  'check:run': request<Verdict>()(CheckRunSchema),
  'checks:run-all': request<null>()(ChecksRunAllSchema),
} as const;

export interface RunServerEvents {
  /** A chunk of output; `offset` is the offset (UTF-16 units) of its first character in the run's output. */
  'run:data': (msg: { runId: RunId; offset: number; data: string }) => void;
  'run:exit': (msg: { runId: RunId; result: RunResult }) => void;
  /** Output that was dropped from the replay buffer before this client attached. */
  'run:gap': (msg: { runId: RunId; from: number; to: number }) => void;
  'check:status': (msg: { checkId: CheckId; state: 'running' }) => void;
  'check:result': (msg: { checkId: CheckId; verdict: Verdict; at: number }) => void;
}

export type { CheckId, RunId, StepId };
export type { Ack } from './socket-contract';

// Each feature declares its events in its own file (socket-*.ts) and joins them here.
/** Every event a client may send: name → schema and answer, written once. */
export const CLIENT_EVENTS = {
  ...RUN_EVENTS,
  ...DOM0_EVENTS,
  ...SECRET_EVENTS,
  ...AUTOPILOT_EVENTS,
  ...SETUP_EVENTS,
} as const;
export type ClientEventName = keyof typeof CLIENT_EVENTS;

/** What the browser may emit: payloads typed by the schemas' input types. */
export type ClientToServerEvents = SenderEvents<typeof CLIENT_EVENTS>;
/** The same events as the server receives them (arguments unknown until parsed). */
export type ServerInboundEvents = UntrustedEvents<typeof CLIENT_EVENTS>;
export interface ServerToClientEvents
  extends RunServerEvents, Dom0ServerEvents, SecretServerEvents, AutopilotServerEvents, SetupServerEvents {}
