// The secrets checks wait for (dom0's sudo password for `xl info`): a prompt pushed to every tab,
// answered (or declined) by any of them. Checks running at once that need the same secret of the
// same target share one prompt, so "Run all" asks once. A prompt nobody answers is given up after
// a bound, and every prompt is given up when the server stops.
import { randomBytes } from 'node:crypto';
import type { CheckId } from '../../protocol/ids';
import type { CheckSecretPrompt } from '../../protocol/socket-secrets';
import type { SecretRequest } from '../runners/types';
import { Emitter } from '../../lib/lifecycle';

/** How long a check waits for the reader's answer before it goes on without it: 5 minutes. */
export const CHECK_SECRET_WAIT_MS = 5 * 60 * 1000;

interface Pending {
  readonly prompt: CheckSecretPrompt;
  readonly answer: Promise<string | undefined>;
  readonly resolve: (value: string | undefined) => void;
  readonly timer: NodeJS.Timeout;
}

/** What `check` asks for, as the function checks get in their ExecRequest (askSecret). */
export type CheckSecretAsker = (checkId: CheckId, req: SecretRequest) => Promise<string | undefined>;

export class CheckSecrets {
  private readonly pending = new Map<string, Pending>();
  private closed = false;
  private readonly needed = new Emitter<CheckSecretPrompt>();
  private readonly settled = new Emitter<string>();
  /** A prompt to show (the socket layer sends it to every tab). */
  readonly onNeeded = this.needed.event;
  /** The id of a prompt answered, declined or given up (every tab hides it). */
  readonly onSettled = this.settled.event;

  /** `waitMs`: how long a prompt waits for an answer (default CHECK_SECRET_WAIT_MS). */
  constructor(private readonly waitMs: number = CHECK_SECRET_WAIT_MS) {}

  /** Prompts waiting now, to show a tab that connects while one is open. */
  current(): CheckSecretPrompt[] {
    return [...this.pending.values()].map((p) => p.prompt);
  }

  /**
   * Ask every tab for `req` on behalf of `checkId`; resolves with the answer, or undefined when it
   * was declined, nobody answered within the wait, or the server stopped. A check asking for a
   * secret already being asked for (same target and kind) waits for that prompt's answer.
   */
  readonly ask: CheckSecretAsker = (checkId, req) => {
    if (this.closed) return Promise.resolve(undefined);
    const shared = [...this.pending.values()].find(
      (p) => p.prompt.target === req.target && p.prompt.kind === req.kind && p.prompt.label === req.label,
    );
    if (shared) return shared.answer;
    const prompt: CheckSecretPrompt = {
      promptId: `prompt-${randomBytes(12).toString('base64url')}`,
      checkId,
      kind: req.kind,
      target: req.target,
      label: req.label,
      message: req.message,
      attempt: req.attempt,
    };
    let resolve!: (value: string | undefined) => void;
    const answer = new Promise<string | undefined>((r) => {
      resolve = r;
    });
    // Unref'd: a prompt left open never keeps the server up.
    const timer = setTimeout(() => this.settle(prompt.promptId, undefined), this.waitMs);
    timer.unref();
    this.pending.set(prompt.promptId, { prompt, answer, resolve, timer });
    this.needed.fire(prompt);
    return answer;
  };

  /** The answer to `promptId`; false when no such prompt waits (answered elsewhere, or given up). */
  answer(promptId: string, value: string): boolean {
    return this.settle(promptId, value);
  }

  /** Decline `promptId`: the checks waiting for it go on without the secret. */
  cancel(promptId: string): boolean {
    return this.settle(promptId, undefined);
  }

  /** Give up every prompt (server exit); later asks get no answer. */
  close(): void {
    this.closed = true;
    for (const id of [...this.pending.keys()]) this.settle(id, undefined);
    this.needed.dispose();
    this.settled.dispose();
  }

  private settle(promptId: string, value: string | undefined): boolean {
    const pending = this.pending.get(promptId);
    if (!pending) return false;
    this.pending.delete(promptId);
    clearTimeout(pending.timer);
    this.settled.fire(promptId);
    pending.resolve(value);
    return true;
  }
}
