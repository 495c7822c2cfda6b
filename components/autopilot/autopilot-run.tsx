'use client';
// The live output of the step the chapter autopilot is running (or the one that failed): the same
// terminal, run session and secret prompt as a step's own panel, attached to the autopilot's run.
// A sudo password the run needs is asked here, in place, exactly as for a single step.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../protocol/result';
import type { RunId, RunInfo, StepId } from '../../protocol/socket';
import type { RunSecretPrompt as Prompt } from '../../protocol/socket-secrets';
import { RunSecretPrompt } from '../run-secret-prompt';
import type { RunSession } from '../runtime/run-session';
import { statusLine, type RunView } from '../runtime/run-status';
import type { TerminalSink } from '../runtime/terminal-sink';
import { Terminal } from '../terminal';

export interface AutopilotRunProps {
  readonly runId: RunId;
  readonly stepId: StepId;
  /** Cancel ends the whole chapter run (the autopilot cancels its current step). */
  onCancel(): void;
}

export function AutopilotRun({ runId, stepId, onCancel }: AutopilotRunProps) {
  const [view, setView] = useState<RunView>({ phase: 'starting' });
  const [secret, setSecret] = useState<Prompt | null>(null);
  const session = useRef<RunSession | undefined>(undefined);
  const [sink, setSink] = useState<TerminalSink | undefined>(undefined);
  const onSink = useCallback((s: TerminalSink | undefined) => setSink(s), []);

  useEffect(() => {
    if (!sink) return;
    let gone = false;
    let opened: RunSession | undefined;
    void import('../runtime/run-session')
      .then(async ({ RunSession }) => {
        if (gone) return;
        opened = await RunSession.open(
          sink,
          (v) => !gone && setView(v),
          (p) => !gone && setSecret(p),
        );
        if (gone) return opened.dispose();
        session.current = opened;
        // The run's real state comes back with the attach answer; until then it is shown as running.
        const run: RunInfo = { runId, stepId, startedAt: Date.now(), length: 0, state: 'running' };
        await opened.attach(run);
      })
      .catch((err: unknown) => !gone && setView({ phase: 'refused', error: errorMessage(err) }));
    return () => {
      gone = true;
      session.current = undefined;
      opened?.dispose();
    };
  }, [sink, runId, stepId]);

  const status = statusLine(view);
  // The step's own panel may show the same run further down: ids and test ids must not collide.
  const domKey = `autopilot-${stepId}`;
  return (
    <div className="autopilot-run" data-testid="autopilot-run" data-run-id={runId} data-step={stepId}>
      <p
        className={`step-status tone-${status.tone}`}
        data-testid="autopilot-run-status"
        data-phase={view.phase}
        role="status"
        aria-live="polite"
      >
        <code>{stepId}</code> <span className="status-text">{status.text}</span>
      </p>
      {secret && (
        <RunSecretPrompt
          key={secret.promptId}
          stepId={domKey}
          prompt={secret}
          onAnswer={async (promptId, value) =>
            session.current ? session.current.answerSecret(promptId, value) : 'the run is not shown yet'
          }
          onCancel={onCancel}
        />
      )}
      <Terminal stepId={domKey} onSink={onSink} />
    </div>
  );
}
