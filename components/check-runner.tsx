'use client';
// "Check my setup": asks the companion server to run one check and shows its verdict.
import { useEffect, useRef, useState } from 'react';
import type { Verdict } from '../protocol/verdict';
import { SIGNED_OUT_STATUS, UNREACHABLE } from './runtime/run-status';
import { reportSignedOut } from './runtime/sign-in-state';
import { VerdictView } from './verdict-view';
import { errorMessage } from '../protocol/result';

type CheckState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'checking' }
  | { readonly phase: 'done'; readonly verdict: Verdict }
  | { readonly phase: 'unreachable' }
  /** The page holds no token: the page's one sign-in notice says what to do. */
  | { readonly phase: 'signedOut' };

// the server bounds every check (the boot check's deadline grows with a slow dom0, up to ~9 min)
const CHECK_TIMEOUT_MS = 600_000;

export function CheckRunner({ checkId }: { readonly checkId: string }) {
  const [state, setState] = useState<CheckState>({ phase: 'idle' });
  const unsubscribe = useRef<(() => void) | undefined>(undefined);
  useEffect(() => () => unsubscribe.current?.(), []);

  const check = async () => {
    setState({ phase: 'checking' });
    try {
      const { connectedSocket } = await import('./runtime/socket-client');
      const socket = await connectedSocket();
      // Once connected, also show verdicts of this check run from elsewhere (the dashboard's "run all").
      if (!unsubscribe.current) {
        const onResult = (msg: { checkId: string; verdict: Verdict }) => {
          if (msg.checkId === checkId) setState({ phase: 'done', verdict: msg.verdict });
        };
        socket.on('check:result', onResult);
        unsubscribe.current = () => socket.off('check:result', onResult);
      }
      const res = await socket.timeout(CHECK_TIMEOUT_MS).emitWithAck('check:run', { checkId });
      setState(
        res.ok
          ? { phase: 'done', verdict: res.value }
          : { phase: 'done', verdict: { status: 'error', reason: `the server refused the check: ${res.error}` } },
      );
    } catch (err) {
      if (err instanceof Error && err.name === 'NotSignedIn') {
        reportSignedOut();
        return setState({ phase: 'signedOut' });
      }
      const unreachable =
        err instanceof Error && (err.name === 'CompanionUnreachable' || /timed out/i.test(err.message));
      setState(
        unreachable
          ? { phase: 'unreachable' }
          : { phase: 'done', verdict: { status: 'error', reason: errorMessage(err) } },
      );
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
