// The one typed socket.io contract between the browser and the companion server.
// Every inbound payload is `unknown` until the server parses it with the schemas below.
import { z } from 'zod';
import { CheckIdSchema, RunIdSchema, StepIdSchema, type CheckId, type RunId, type StepId } from './ids';
import type { RunResult } from './run-result';
import type { Result } from './result';
import type { Verdict } from './verdict';
import type { Dom0ClientEvents, Dom0ServerEvents } from './socket-dom0';

export const RunStartSchema = z.strictObject({
  stepId: StepIdSchema,
  params: z.record(z.string(), z.string()).default({}),
});
export const RunRefSchema = z.strictObject({ runId: RunIdSchema });
export const RunAttachSchema = z.strictObject({
  runId: RunIdSchema,
  /** Offset (in UTF-16 code units, i.e. JS string length) of output the client already has; replay starts there (no gap, no duplicate). */
  fromOffset: z.number().int().min(0).default(0),
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

export type RunState = 'running' | 'exited';

export interface RunInfo {
  readonly runId: RunId;
  readonly stepId: StepId;
  readonly state: RunState;
  readonly startedAt: number;
  /** Total output produced so far, in UTF-16 code units. */
  readonly length: number;
  readonly result?: RunResult;
}

/** The acknowledgement of every client request: the one `Result` shape. */
export type Ack<T> = Result<T>;

export interface RunClientEvents {
  'run:start': (payload: unknown, ack: (res: Ack<RunInfo>) => void) => void;
  'run:cancel': (payload: unknown, ack: (res: Ack<null>) => void) => void;
  /** Subscribe to a run; the server replays from `fromOffset`, then streams live output. */
  'run:attach': (payload: unknown, ack: (res: Ack<RunInfo>) => void) => void;
  'run:detach': (payload: unknown) => void;
  /** Flow control: the client has written output up to `offset` into its terminal. */
  'run:ack': (payload: unknown) => void;
  'run:resize': (payload: unknown) => void;
  'runs:list': (ack: (res: Ack<readonly RunInfo[]>) => void) => void;
  'check:run': (payload: unknown, ack: (res: Ack<Verdict>) => void) => void;
  'checks:run-all': (payload: unknown, ack: (res: Ack<null>) => void) => void;
}

export interface RunServerEvents {
  /** A chunk of output; `offset` is the offset (UTF-16 units) of its first character in the run's output. */
  'run:data': (msg: { runId: RunId; offset: number; data: string }) => void;
  'run:exit': (msg: { runId: RunId; result: RunResult }) => void;
  /** Output that was dropped from the replay buffer before this client attached. */
  'run:gap': (msg: { runId: RunId; from: number; to: number }) => void;
  'check:status': (msg: { checkId: CheckId; state: 'running' }) => void;
  'check:result': (msg: { checkId: CheckId; verdict: import('./verdict').Verdict; at: number }) => void;
}

export type { CheckId, RunId, StepId };

// Each feature adds its events in its own file (socket-*.ts) and joins them here.
export interface ClientToServerEvents extends RunClientEvents, Dom0ClientEvents {}
export interface ServerToClientEvents extends RunServerEvents, Dom0ServerEvents {}
