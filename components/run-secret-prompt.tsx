// The secret a running step waits for (a sudo password, an SSH password), asked in the step's
// own panel: bound to that run and target, says what it is for; Continue sends it to the server
// for this run only, Cancel ends the run. The field is cleared once sent; nothing is kept here.
import { useState } from 'react';
import { errorMessage } from '../protocol/result';
import type { RunSecretPrompt as Prompt } from '../protocol/socket-secrets';

/** What the form shows of a prompt: a run's (RunSecretPrompt) or a check's (CheckSecretPrompt). */
export type SecretPromptView = Pick<Prompt, 'promptId' | 'kind' | 'target' | 'label' | 'message' | 'attempt'>;

export interface RunSecretPromptProps {
  /** Names the form's test ids: the step's id, or `check-<checkId>` for a check's prompt. */
  readonly stepId: string;
  readonly prompt: SecretPromptView;
  /** Said above the message, e.g. which check asks. */
  readonly intro?: string;
  /** Resolves with an error to show, or null once the server took the answer. */
  onAnswer(promptId: string, value: string): Promise<string | null>;
  onCancel(): void;
}

export function RunSecretPrompt({ stepId, prompt, intro, onAnswer, onCancel }: RunSecretPromptProps) {
  const [value, setValue] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldId = `secret-${stepId}-${prompt.promptId}`;
  const submit = async () => {
    if (value === '' || sending) return;
    setSending(true);
    const sent = value;
    setValue('');
    try {
      setError(await onAnswer(prompt.promptId, sent));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  };
  return (
    <form
      className={`run-secret${prompt.attempt > 1 ? ' retry' : ''}`}
      data-testid={`secret-${stepId}`}
      data-kind={prompt.kind}
      data-target={prompt.target}
      data-attempt={prompt.attempt}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="run-secret-message" role="alert" data-testid={`secret-message-${stepId}`}>
        {intro !== undefined && `${intro} `}
        {prompt.message}
      </p>
      <label htmlFor={fieldId}>{capitalize(prompt.label)}</label>
      <div className="run-secret-row">
        <input
          id={fieldId}
          type="password"
          autoComplete="off"
          autoFocus
          value={value}
          disabled={sending}
          data-testid={`secret-value-${stepId}`}
          onChange={(e) => setValue(e.target.value)}
        />
        <button
          type="submit"
          className="button primary"
          data-testid={`secret-submit-${stepId}`}
          disabled={sending || value === ''}
        >
          Continue
        </button>
        <button type="button" className="button" data-testid={`secret-cancel-${stepId}`} onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error !== null && <p className="run-secret-error">{error}</p>}
      <p className="hint">
        Sent to Onramp&apos;s companion server only, kept in its memory for 15 minutes (never written to disk).
      </p>
    </form>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
