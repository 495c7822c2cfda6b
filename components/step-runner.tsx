'use client';
// The interactive part of a step: parameters, Run / Cancel, the status line and the terminal.
// Socket, session and xterm are all imported on first use; on load only GET /api/runs is made.
import { NOT_SIGNED_IN } from './runtime/session-token';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ParamDecl } from '../protocol/params';
import { errorMessage } from '../protocol/result';
import type { RunSecretPrompt as Prompt } from '../protocol/socket-secrets';
import { lazyComponent } from './lazy-component';
import { reportSignedOut } from './runtime/sign-in-state';
import { latestRunOf, fetchRuns } from './runtime/runs-list';
import { statusLine, type RunView } from './runtime/run-status';
import type { RunSession } from './runtime/run-session';
import type { TerminalSink } from './runtime/terminal-sink';
import { Terminal } from './terminal';
import { StepParams } from './step-params';

// Only a run that asks for a password shows it: imported then.
const RunSecretPrompt = lazyComponent(() => import('./run-secret-prompt').then((m) => m.RunSecretPrompt));

export interface StepRunnerProps {
  readonly stepId: string;
  readonly params: readonly ParamDecl[];
  /** A root step: offers to forget the sudo password the server holds for its target. */
  readonly root?: boolean;
  readonly target?: 'host' | 'dom0';
}

function viewFromError(err: unknown): RunView {
  const name = err instanceof Error ? err.name : '';
  const message = errorMessage(err);
  // A socket.io ack timeout also means nobody is answering on the other end.
  if (name === 'NotSignedIn') return { phase: 'signedOut' };
  if (name === 'CompanionUnreachable' || /timed out/i.test(message)) return { phase: 'unreachable' };
  return { phase: 'refused', error: message };
}

/** Ask the server to forget the secrets it holds for `target`; the note to show. */
async function forgetSecrets(target: 'host' | 'dom0'): Promise<string> {
  const { connectedSocket } = await import('./runtime/socket-client');
  const res = await (await connectedSocket()).timeout(10_000).emitWithAck('secrets:forget', { target });
  if (!res.ok) return res.error;
  return res.value.forgotten > 0 ? 'Forgotten: the next root step asks again.' : 'No password was held.';
}

export function StepRunner({ stepId, params, root = false, target = 'host' }: StepRunnerProps) {
  const [view, setView] = useState<RunView>({ phase: 'idle' });
  const [secret, setSecret] = useState<Prompt | null>(null);
  const [forgetNote, setForgetNote] = useState<string | null>(null);
  const [showTerminal, setShowTerminal] = useState(false);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(params.map((p) => [p.name, p.default ?? ''])),
  );
  const sink = useRef<TerminalSink | undefined>(undefined);
  const sinkWaiters = useRef<((s: TerminalSink) => void)[]>([]);
  const session = useRef<Promise<RunSession> | undefined>(undefined);

  const onSink = useCallback((s: TerminalSink | undefined) => {
    sink.current = s;
    if (s) for (const wake of sinkWaiters.current.splice(0)) wake(s);
  }, []);

  const openSession = useCallback((): Promise<RunSession> => {
    session.current ??= (async () => {
      // Connect first: if the companion server is down, no empty terminal is shown.
      const { connectedSocket } = await import('./runtime/socket-client');
      await connectedSocket();
      const ready = sink.current
        ? sink.current
        : await new Promise<TerminalSink>((resolve) => {
            sinkWaiters.current.push(resolve);
            setShowTerminal(true);
          });
      const { RunSession } = await import('./runtime/run-session');
      return RunSession.open(ready, setView, setSecret);
    })().catch((err: unknown) => {
      session.current = undefined;
      throw err;
    });
    return session.current;
  }, []);

  // The page shows one sign-in notice (sign-in-notice.tsx); this step's status points at it.
  useEffect(() => {
    if (view.phase === 'signedOut') reportSignedOut();
  }, [view.phase]);

  useEffect(() => {
    let gone = false;
    void fetchRuns().then(async (list) => {
      if (gone) return;
      if (!list.ok) {
        const next: RunView = list.error === NOT_SIGNED_IN ? { phase: 'signedOut' } : { phase: 'unreachable' };
        return setView((v) => (v.phase === 'idle' ? next : v));
      }
      const run = latestRunOf(list.value, stepId);
      if (!run) return;
      try {
        await (await openSession()).attachIfIdle(run);
      } catch (err) {
        if (!gone) setView(viewFromError(err));
      }
    });
    return () => {
      gone = true;
      void session.current?.then(
        (s) => s.dispose(),
        () => undefined,
      );
      session.current = undefined;
    };
  }, [stepId, openSession]);

  const run = async () => {
    setView({ phase: 'starting' });
    try {
      const started = (await openSession()).start(stepId, values);
      sink.current?.reveal();
      await started;
    } catch (err) {
      setView(viewFromError(err));
    }
  };
  const cancel = async () => {
    try {
      await (await openSession()).cancel();
    } catch (err) {
      setView(viewFromError(err));
    }
  };

  const busy = view.phase === 'starting' || view.phase === 'running' || view.phase === 'disconnected';
  const status = statusLine(view);
  return (
    <div className="step-runner">
      <StepParams stepId={stepId} params={params} values={values} disabled={busy} onChange={setValues} />
      <div className="step-actions">
        <button
          type="button"
          className="button primary"
          data-testid={`run-${stepId}`}
          disabled={busy}
          onClick={() => void run()}
        >
          {view.phase === 'exited' ? 'Run again' : 'Run'}
        </button>
        {view.phase === 'running' && (
          <button type="button" className="button" data-testid={`cancel-${stepId}`} onClick={() => void cancel()}>
            Cancel
          </button>
        )}
        {root && view.phase === 'exited' && (
          <button
            type="button"
            className="button"
            data-testid={`forget-${stepId}`}
            title="Forget the sudo password Onramp holds in memory for this target"
            onClick={() =>
              void forgetSecrets(target).then(setForgetNote, (err: unknown) => setForgetNote(errorMessage(err)))
            }
          >
            Forget sudo password
          </button>
        )}
        {forgetNote !== null && <span className="hint">{forgetNote}</span>}
        <p
          className={`step-status tone-${status.tone}`}
          data-testid={`status-${stepId}`}
          data-phase={view.phase}
          role="status"
          aria-live="polite"
        >
          <span className="status-text">{status.text}</span>
        </p>
      </div>
      {secret && (
        <RunSecretPrompt
          key={secret.promptId}
          stepId={stepId}
          prompt={secret}
          onAnswer={async (promptId, value) => (await openSession()).answerSecret(promptId, value)}
          onCancel={() => void cancel()}
        />
      )}
      {showTerminal && <Terminal stepId={stepId} onSink={onSink} />}
    </div>
  );
}
