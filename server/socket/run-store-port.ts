// The run store as the socket layer uses it (server/runs/run-store.ts implements it), and the one
// subscriber shape a run delivers to.
import type { RunId } from '../../protocol/ids';
import type { RunResult } from '../../protocol/run-result';
import type { RunInfo } from '../../protocol/socket';
import type { RunSecretPrompt } from '../../protocol/socket-secrets';
import type { StepDecl } from '../../protocol/steps';
import type { PtyOptions, TargetRunner } from '../runners/types';

/** Receives one run's output: `offset` is the UTF-16 offset of the chunk's first character. */
export interface RunSubscriber {
  /**
   * Output from `offset`. Returning false holds further output for this subscriber (it stays in
   * the replay buffer, still counted by flow control) until the store's `release`.
   */
  data(offset: number, chunk: string): boolean | void;
  /**
   * Instead of data(), when present: output [offset, offset + chars) as UTF-8, written by `read`
   * into a buffer the subscriber provides (room for 3 bytes a character; returns the bytes
   * written). No JS string is made for it. Returning false holds, as for data().
   */
  utf8?(offset: number, chars: number, read: (into: Buffer) => number): boolean | void;
  /** Output [from, to) was dropped from the replay buffer before this subscriber attached. */
  gap(from: number, to: number): void;
  exit(result: RunResult): void;
  /** The run waits for a secret (a sudo password): show `prompt`; answered with answerSecret. */
  secretNeeded?(prompt: RunSecretPrompt): void;
  /** The prompt was answered or is no longer wanted. */
  secretSettled?(promptId: string): void;
}

export interface RunStorePort {
  start(step: StepDecl, runner: TargetRunner, env: Record<string, string>, pty: PtyOptions): Promise<RunInfo>;
  /**
   * One run per step at a time: the step's run in progress (`joined: true`, nothing started), or a
   * new run as `start` makes it. Decided synchronously, so two starts at the same instant get one run.
   */
  startOrJoin(
    step: StepDecl,
    runner: TargetRunner,
    env: Record<string, string>,
    pty: PtyOptions,
  ): { readonly joined: boolean; readonly run: Promise<RunInfo> };
  get(runId: RunId): RunInfo | undefined;
  list(): RunInfo[];
  /**
   * Replays from `fromOffset`, then streams live output (with `output: false`, the run's status
   * only: exit and secret prompts); undefined when the run is unknown.
   */
  attach(
    runId: RunId,
    subscriberId: string,
    sub: RunSubscriber,
    fromOffset: number,
    opts?: { readonly output?: boolean },
  ): RunInfo | undefined;
  detach(runId: RunId, subscriberId: string): void;
  detachAll(subscriberId: string): void;
  ack(runId: RunId, subscriberId: string, offset: number): void;
  /** Resume output to a subscriber whose data() returned false (a full HTTP response). */
  release(runId: RunId, subscriberId: string): void;
  cancel(runId: RunId): boolean;
  /** Hand the answer to a run's pending prompt; false when there is no such prompt (answered, ended). */
  answerSecret(runId: RunId, promptId: string, value: string): boolean;
  resize(runId: RunId, cols: number, rows: number): void;
  dispose(): Promise<void>;
}
