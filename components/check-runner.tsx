'use client';
// "Check my setup": asks the companion server to run one check and shows its verdict. The code that
// talks to the server (runtime/check-link.ts), the verdict and a password prompt are imported on
// the first click.
import { useEffect, useRef, useState } from 'react';
import type { Verdict } from '../protocol/verdict';
import { SIGNED_OUT_STATUS, UNREACHABLE } from './runtime/run-status';
import { reportSignedOut } from './runtime/sign-in-state';
import { errorMessage } from '../protocol/result';
import type { CheckSecretPrompt } from '../protocol/socket-secrets';
import type { CheckLink } from './runtime/check-link';
import { lazyComponent } from './lazy-component';

const VerdictView = lazyComponent(() => import('./verdict-view').then((m) => m.VerdictView));
const RunSecretPrompt = lazyComponent(() => import('./run-secret-prompt').then((m) => m.RunSecretPrompt));

type CheckState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'checking' }
  | { readonly phase: 'done'; readonly verdict: Verdict }
  | { readonly phase: 'unreachable' }
  /** The page holds no token: the page's one sign-in notice says what to do. */
  | { readonly phase: 'signedOut' };

/** What a failed check request shows: the sign-in notice's pointer, the server unreachable, or the error as a verdict. */
function stateOfError(err: unknown): CheckState {
  if (err instanceof Error && err.name === 'NotSignedIn') return { phase: 'signedOut' };
  const unreachable = err instanceof Error && (err.name === 'CompanionUnreachable' || /timed out/i.test(err.message));
  return unreachable
    ? { phase: 'unreachable' }
    : { phase: 'done', verdict: { status: 'error', reason: errorMessage(err) } };
}

export function CheckRunner({ checkId }: { readonly checkId: string }) {
  const [state, setState] = useState<CheckState>({ phase: 'idle' });
  const [prompts, setPrompts] = useState<CheckSecretPrompt[]>([]);
  const link = useRef<CheckLink | undefined>(undefined);
  useEffect(() => () => link.current?.dispose(), []);

  const check = async () => {
    setState({ phase: 'checking' });
    try {
      if (!link.current) {
        const { CheckLink } = await import('./runtime/check-link');
        link.current ??= new CheckLink(checkId, {
          onVerdict: (verdict) => setState({ phase: 'done', verdict }),
          setPrompts,
        });
      }
      setState({ phase: 'done', verdict: await link.current.run() });
    } catch (err) {
      const next = stateOfError(err);
      if (next.phase === 'signedOut') reportSignedOut();
      setState(next);
    }
  };

  return (
    <div className="check-runner">
      <button
        type="button"
        className="button"
        data-testid={`check-button-${checkId}`}
        disabled={state.phase === 'checking'}
        onClick={() => void check()}
      >
        {state.phase === 'checking' ? 'Checking…' : 'Check my setup'}
      </button>
      <div aria-live="polite">
        {state.phase === 'unreachable' && (
          <p className="verdict tone-bad" data-testid={`verdict-${checkId}`} data-status="unreachable">
            {UNREACHABLE}: start it with <code>npm start</code>, then reload this page.
          </p>
        )}
        {state.phase === 'checking' &&
          prompts.map((prompt) => (
            <RunSecretPrompt
              key={prompt.promptId}
              stepId={`check-${checkId}`}
              prompt={prompt}
              {...(prompt.checkId !== checkId ? { intro: `Its prerequisite ${prompt.checkId} runs first.` } : {})}
              onAnswer={async (promptId, value) => link.current?.answer(promptId, value) ?? 'not connected to Onramp'}
              onCancel={() => link.current?.decline(prompt.promptId)}
            />
          ))}
        {state.phase === 'signedOut' && (
          <p className="verdict tone-bad" data-testid={`verdict-${checkId}`} data-status="signed-out">
            {SIGNED_OUT_STATUS}
          </p>
        )}
        {state.phase === 'done' && <VerdictView checkId={checkId} verdict={state.verdict} />}
      </div>
    </div>
  );
}
