// Secrets a run asks for while it runs (a sudo password, an SSH password or key passphrase):
// the server pushes a prompt bound to one run and one target; the browser answers it in the
// step's panel. A secret travels only browser → server, never back.
import { z } from 'zod';
import { CheckIdSchema, RunIdSchema, TargetSchema, type CheckId, type RunId, type Target } from './ids';
import { request } from './socket-contract';

/** What is asked for. */
export const RunSecretKindSchema = z.enum(['sudo-password', 'password', 'passphrase']);
export type RunSecretKind = z.infer<typeof RunSecretKindSchema>;

const PromptIdSchema = z.string().regex(/^prompt-[A-Za-z0-9_-]{8,64}$/);

/** The answer to one prompt. `value` is the secret: never logged, never echoed back. */
export const RunSecretAnswerSchema = z.strictObject({
  runId: RunIdSchema,
  promptId: PromptIdSchema,
  value: z.string().min(1).max(4096),
});

/** The answer to a check's prompt (a check that needs root in dom0). `value` is the secret. */
export const CheckSecretAnswerSchema = z.strictObject({
  promptId: PromptIdSchema,
  value: z.string().min(1).max(4096),
});

/** The reader declined a check's prompt: the check ends saying no password was given. */
export const CheckSecretCancelSchema = z.strictObject({ promptId: PromptIdSchema });

/** Forget the secrets Onramp holds for a target (the host's sudo password, or dom0's). */
export const SecretsForgetSchema = z.strictObject({ target: TargetSchema });

/** A prompt shown in the step's panel: what is asked, for whom, where, and why (a retry says so). */
export interface RunSecretPrompt {
  readonly runId: RunId;
  readonly promptId: string;
  readonly kind: RunSecretKind;
  readonly target: Target;
  /** The label: e.g. "sudo password for alice on this computer". */
  readonly label: string;
  /** Why it is asked now: the first ask, or "sudo said: Sorry, try again." on a retry. */
  readonly message: string;
  /** 1 for the first ask of this prompt's kind in this run, 2 and 3 after wrong answers. */
  readonly attempt: number;
}

/**
 * A prompt of a check that needs a secret (sudo in dom0 for `xl info`), shown where the check is
 * shown (its box in a chapter, the dashboard). Checks running at once that need the same secret
 * share one prompt: `checkId` is the check that asked first.
 */
export interface CheckSecretPrompt {
  readonly promptId: string;
  readonly checkId: CheckId;
  readonly kind: RunSecretKind;
  readonly target: Target;
  readonly label: string;
  readonly message: string;
  readonly attempt: number;
}

/** The secret events a client sends (joined into CLIENT_EVENTS in socket.ts). */
export const SECRET_EVENTS = {
  /** Answer a prompt of a run; the run goes on. A refusal never quotes the payload: it holds the secret. */
  'run:secret': request<null>()(RunSecretAnswerSchema, {
    invalidText:
      'run:secret: invalid payload: expected { runId, promptId, value: a non-empty string of at most 4096 characters }',
  }),
  /** Answer a check's prompt; the check goes on. A refusal never quotes the payload. */
  'check:secret': request<null>()(CheckSecretAnswerSchema, {
    invalidText:
      'check:secret: invalid payload: expected { promptId, value: a non-empty string of at most 4096 characters }',
  }),
  /** The check prompts waiting now (a tab that opens while a check waits shows its prompt). */
  'check:prompts': request<readonly CheckSecretPrompt[]>()(null),
  /** Decline a check's prompt: the checks waiting for it end without the secret. */
  'check:secret-cancel': request<null>()(CheckSecretCancelSchema),
  /** Forget the secrets held for a target now (they are also forgotten on expiry and on exit). */
  'secrets:forget': request<{ forgotten: number }>()(SecretsForgetSchema),
} as const;

export interface SecretServerEvents {
  /** A run waits for a secret: show the prompt in its panel. */
  'run:secret-needed': (msg: RunSecretPrompt) => void;
  /** The prompt was answered (maybe in another tab) or is no longer wanted: hide it. */
  'run:secret-settled': (msg: { runId: RunId; promptId: string }) => void;
  /** A check waits for a secret: show the prompt with the check (every tab gets it). */
  'check:secret-needed': (msg: CheckSecretPrompt) => void;
  /** A check's prompt was answered, declined or given up: hide it. */
  'check:secret-settled': (msg: { promptId: string }) => void;
}
