'use client';
// "Check my setup": asks the companion server to run one check and shows its verdict. The code that
// talks to the server (runtime/check-link.ts), the verdict and a password prompt are imported on
// the first click. Until then it shows the check's last stored verdict, if any, and when it was.
import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { Verdict } from '../protocol/verdict';
import { SIGNED_OUT_STATUS, UNREACHABLE } from './runtime/run-status';
import { reportSignedOut } from './runtime/sign-in-state';
import { errorMessage } from '../protocol/result';
import type { CheckSecretPrompt } from '../protocol/socket-secrets';
import type { CheckLink } from './runtime/check-link';
import { lazyComponent } from './lazy-component';
import { agoText, storedVerdict, type StoredVerdict } from './runtime/stored-verdicts';
import { onVerdict } from './runtime/verdict-events';

const VerdictView = lazyComponent(() => import('./verdict-view').then((m) => m.VerdictView));
const RunSecretPrompt = lazyComponent(() => import('./run-secret-prompt').then((m) => m.RunSecretPrompt));

type CheckState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'checking' }
  | { readonly phase: 'done'; readonly verdict: Verdict }
  /** The verdict the server kept from an earlier run (before this page was loaded), and when. */
  | { readonly phase: 'stored'; readonly verdict: Verdict; readonly at: number }
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

/** A verdict from elsewhere replaces what the box shows, unless the box is checking or shows a newer one. */
function newer(now: CheckState, from: StoredVerdict): CheckState {
  if (now.phase === 'checking' || (now.phase === 'stored' && now.at >= from.at)) return now;
  return now.phase === 'idle' || now.phase === 'stored' ? { phase: 'stored', ...from } : now;
}

/**
 * Shows the check's stored verdict (runtime/stored-verdicts.ts) while nothing else is shown, and
 * a verdict the page's "Run this chapter" panel reaches (runtime/verdict-events.ts).
 */
function useStoredVerdict(checkId: string, setState: Dispatch<SetStateAction<CheckState>>): void {
  useEffect(() => {
    let mounted = true;
    void storedVerdict(checkId).then((stored) => {
      if (mounted && stored) setState((now) => (now.phase === 'idle' ? newer(now, stored) : now));
    });
    const stop = onVerdict(checkId, (v) => setState((now) => newer(now, v)));
    return () => {
      mounted = false;
      stop();
    };
  }, [checkId, setState]);
}

function StoredVerdictView({ checkId, verdict, at }: { checkId: string; verdict: Verdict; at: number }) {
  return (
    <div className="verdict-stored" data-testid={`stored-${checkId}`}>
      <p className="hint">Last checked {agoText(at, Date.now())}: check again for how things are now.</p>
      <VerdictView checkId={checkId} verdict={verdict} testId={`stored-verdict-${checkId}`} />
    </div>
  );
}

/** Why there is no verdict: the server is not reachable, or the page is not signed in. */
function NoVerdict({ checkId, phase }: { checkId: string; phase: 'unreachable' | 'signedOut' }) {
  return phase === 'unreachable' ? (
    <p className="verdict tone-bad" data-testid={`verdict-${checkId}`} data-status="unreachable">
      {UNREACHABLE}: start it with <code>npm start</code>, then reload this page.
    </p>
  ) : (
    <p className="verdict tone-bad" data-testid={`verdict-${checkId}`} data-status="signed-out">
      {SIGNED_OUT_STATUS}
    </p>
  );
}

export function CheckRunner({ checkId }: { readonly checkId: string }) {
  const [state, setState] = useState<CheckState>({ phase: 'idle' });
  const [prompts, setPrompts] = useState<CheckSecretPrompt[]>([]);
  const link = useRef<CheckLink | undefined>(undefined);
  useEffect(() => () => link.current?.dispose(), []);
  useStoredVerdict(checkId, setState);

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
        {(state.phase === 'unreachable' || state.phase === 'signedOut') && (
          <NoVerdict checkId={checkId} phase={state.phase} />
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
        {state.phase === 'done' && <VerdictView checkId={checkId} verdict={state.verdict} />}
      </div>
      {/* outside the live region: a page's stored verdicts are not announced as they load */}
      {state.phase === 'stored' && <StoredVerdictView checkId={checkId} verdict={state.verdict} at={state.at} />}
    </div>
  );
}
