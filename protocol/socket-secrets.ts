// Secrets a run asks for while it runs (a sudo password, an SSH password or key passphrase):
// the server pushes a prompt bound to one run and one target; the browser answers it in the
// step's panel. A secret travels only browser → server, never back.
import { z } from 'zod';
import { RunIdSchema, TargetSchema, type RunId, type Target } from './ids';
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

/** The secret events a client sends (joined into CLIENT_EVENTS in socket.ts). */
export const SECRET_EVENTS = {
  /** Answer a prompt of a run; the run goes on. A refusal never quotes the payload: it holds the secret. */
  'run:secret': request<null>()(RunSecretAnswerSchema, {
    invalidText:
      'run:secret: invalid payload: expected { runId, promptId, value: a non-empty string of at most 4096 characters }',
  }),
  /** Forget the secrets held for a target now (they are also forgotten on expiry and on exit). */
  'secrets:forget': request<{ forgotten: number }>()(SecretsForgetSchema),
} as const;

export interface SecretServerEvents {
  /** A run waits for a secret: show the prompt in its panel. */
  'run:secret-needed': (msg: RunSecretPrompt) => void;
  /** The prompt was answered (maybe in another tab) or is no longer wanted: hide it. */
  'run:secret-settled': (msg: { runId: RunId; promptId: string }) => void;
}
