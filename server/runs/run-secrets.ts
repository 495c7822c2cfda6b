// The secret a run waits for: at most one prompt at a time, bound to the run (and by the runner to
// one target). Every subscriber of the run sees the prompt, any of them may answer; the answer
// goes to the runner and nowhere else. A cancel or the run's end settles it with nothing.
import { randomBytes } from 'node:crypto';
import type { RunId } from '../../protocol/ids';
import type { RunSecretPrompt } from '../../protocol/socket-secrets';
import type { SecretRequest } from '../runners/types';

interface Pending {
  readonly prompt: RunSecretPrompt;
  readonly resolve: (value: string | undefined) => void;
}

export interface PromptNotices {
  needed(prompt: RunSecretPrompt): void;
  settled(promptId: string): void;
}

export class RunSecrets {
  private pending: Pending | undefined;
  private closed = false;
  private resolveFirst!: () => void;
  /** Settles when the run first asks for a secret (a run may ask before its process is bound). */
  readonly firstAsk = new Promise<void>((r) => {
    this.resolveFirst = r;
  });

  constructor(
    private readonly runId: RunId,
    private readonly notices: PromptNotices,
  ) {}

  /** The prompt waiting for an answer, to show a subscriber that attaches now. */
  current(): RunSecretPrompt | undefined {
    return this.pending?.prompt;
  }

  /** Ask the run's subscribers; resolves with the answer, or undefined once the run is canceled or ends. */
  ask(req: SecretRequest): Promise<string | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    this.settle(undefined);
    const prompt: RunSecretPrompt = {
      runId: this.runId,
      promptId: `prompt-${randomBytes(12).toString('base64url')}`,
      kind: req.kind,
      target: req.target,
      label: req.label,
      message: req.message,
      attempt: req.attempt,
    };
    return new Promise((resolve) => {
      this.pending = { prompt, resolve };
      this.notices.needed(prompt);
      this.resolveFirst();
    });
  }

  /** The answer to prompt `promptId`; false when that prompt is not the one waiting. */
  answer(promptId: string, value: string): boolean {
    if (this.pending?.prompt.promptId !== promptId) return false;
    this.settle(value);
    return true;
  }

  /** No more prompts: the run was canceled or ended. */
  close(): void {
    this.closed = true;
    this.settle(undefined);
  }

  private settle(value: string | undefined): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    this.notices.settled(pending.prompt.promptId);
    pending.resolve(value);
  }
}
