'use client';
// "Check my setup": asks the companion server to run one check and shows its verdict.
import { useEffect, useRef, useState } from 'react';
import type { Verdict } from '../protocol/verdict';
import { SIGNED_OUT_STATUS, UNREACHABLE } from './runtime/run-status';
import { reportSignedOut } from './runtime/sign-in-state';
import { VerdictView } from './verdict-view';
import { errorMessage } from '../protocol/result';
import type { CheckSecretPrompt } from '../protocol/socket-secrets';
import type { OnrampSocket } from './runtime/socket-client';
import { RunSecretPrompt } from './run-secret-prompt';
import { answerCheckPrompt, cancelCheckPrompt, followCheckPrompts } from './runtime/check-prompts';

type CheckState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'checking' }
  | { readonly phase: 'done'; readonly verdict: Verdict }
  | { readonly phase: 'unreachable' }
  /** The page holds no token: the page's one sign-in notice says what to do. */
  | { readonly phase: 'signedOut' };

// The server bounds every check (the boot check's deadline grows with a slow dom0, up to ~9 min), and a
// check may also wait up to 5 minutes for a sudo password (CHECK_SECRET_WAIT_MS).
const CHECK_TIMEOUT_MS = 900_000;

export function CheckRunner({ checkId }: { readonly checkId: string }) {
  const [state, setState] = useState<CheckState>({ phase: 'idle' });
  const [prompts, setPrompts] = useState<CheckSecretPrompt[]>([]);
  const socketRef = useRef<OnrampSocket | undefined>(undefined);
  const unsubscribe = useRef<(() => void) | undefined>(undefined);
  useEffect(() => () => unsubscribe.current?.(), []);

  const check = async () => {
    setState({ phase: 'checking' });
    try {
      const { connectedSocket } = await import('./runtime/socket-client');
      const socket = await connectedSocket();
      // Once connected, also show verdicts of this check run from elsewhere (the dashboard's "run all").
      // And the prompts of checks waiting for a secret (this one, or a prerequisite it runs first).
      if (!unsubscribe.current) {
        const onResult = (msg: { checkId: string; verdict: Verdict }) => {
          if (msg.checkId === checkId) setState({ phase: 'done', verdict: msg.verdict });
        };
        socket.on('check:result', onResult);
        const stopPrompts = followCheckPrompts(socket, setPrompts);
        socketRef.current = socket;
        unsubscribe.current = () => {
          socket.off('check:result', onResult);
          stopPrompts();
        };
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
        {state.phase === 'checking' &&
          prompts.map((prompt) => (
            <RunSecretPrompt
              key={prompt.promptId}
              stepId={`check-${checkId}`}
              prompt={prompt}
              {...(prompt.checkId !== checkId ? { intro: `Its prerequisite ${prompt.checkId} runs first.` } : {})}
              onAnswer={async (promptId, value) => {
                const socket = socketRef.current;
                if (!socket) return 'not connected to Onramp';
                return answerCheckPrompt(socket, promptId, value);
              }}
              onCancel={() => {
                const socket = socketRef.current;
                if (socket) void cancelCheckPrompt(socket, prompt.promptId).catch(() => undefined);
              }}
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
