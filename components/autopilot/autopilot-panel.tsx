'use client';
// "Run this chapter": the control (setup path and tab choices where the chapter has tabs, the
// values its steps use, Run, Cancel), the progress list, the values a step waits for, a manual
// step's instructions, and the live output (with its sudo prompt) of the step being run or the one
// that failed. The state lives on the server: when it opens and after a reconnect the panel asks
// for it again, so a reload mid-run shows the run where it is. Loaded only when wanted (by
// autopilot-launcher.tsx, which shows the idle panel until then).
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { SETUP_PATHS, type SetupPath } from '../../protocol/setup-paths';
import type { AutopilotPlan, AutopilotState } from '../../protocol/autopilot';
import type { StepId } from '../../protocol/ids';
import { errorMessage } from '../../protocol/result';
import type { AutopilotLink } from '../runtime/autopilot-link';
import { UNREACHABLE } from '../runtime/run-status';
import { announceVerdicts, checkVerdictsOf } from '../runtime/verdict-events';
import { NOT_SIGNED_IN } from '../runtime/session-token';
import { AutopilotChoices, type Choices } from './autopilot-choices';
import { AutopilotHeading } from './autopilot-heading';
import { chooseSetupPath } from '../runtime/setup-path-client';
import { AutopilotProgress } from './autopilot-progress';
import { AutopilotQuestion, PlanValues, plannedValues } from './autopilot-question';
import { AutopilotRun } from './autopilot-run';
import {
  applyState,
  autopilotActive,
  autopilotSummary,
  chapterAutopilot,
  failedStepOf,
  planHint,
  previewItems,
  shownRun,
} from './autopilot-view';
import { markStarted } from './autopilot-replay';

/**
 * Why the panel was opened: `review`, the reader asked for a run (the panel makes the plan to
 * review); `replay`, the server may have a run of this chapter to show (the panel asks for it).
 */
export type AutopilotOpening = 'review' | 'replay';

export interface AutopilotPanelProps {
  readonly chapter: string;
  /** What the panel starts when it mounts (read once). */
  readonly opening: AutopilotOpening;
}

function problemText(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  if (name === 'NotSignedIn') return NOT_SIGNED_IN;
  if (name === 'CompanionUnreachable' || /timed out/i.test(errorMessage(err)))
    return `${UNREACHABLE}. Start it (npm start), then reload this page.`;
  return errorMessage(err);
}

/** Only the values the reader changed are sent: the others keep their source (network plan, dom0…). */
function changedValues(plan: AutopilotPlan | null, values: Record<string, string>): Record<string, string> {
  if (!plan) return {};
  const out: Record<string, string> = {};
  for (const p of plannedValues(plan)) {
    const v = values[p.name];
    if (v !== undefined && v !== '' && v !== (p.value ?? '')) out[p.name] = v;
  }
  return out;
}

export function AutopilotPanel({ chapter, opening }: AutopilotPanelProps) {
  const [known, setKnown] = useState<AutopilotState[]>([]);
  const [plan, setPlan] = useState<AutopilotPlan | null>(null);
  /** The reader is choosing the way and checking the values before Start. */
  const [reviewing, setReviewing] = useState(false);
  const [choices, setChoices] = useState<Choices>({ tabs: [] });
  const [values, setValues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [connected, setConnected] = useState(true);
  const [busy, setBusy] = useState(false);
  const link = useRef<Promise<AutopilotLink> | undefined>(undefined);
  const headingId = useId();

  const onState = useCallback((s: AutopilotState) => {
    setKnown((k) => applyState(k, s));
    // the check boxes on the page show the chapter run's verdicts too
    announceVerdicts(checkVerdictsOf(s));
  }, []);
  const openLink = useCallback((): Promise<AutopilotLink> => {
    link.current ??= import('../runtime/autopilot-link')
      .then(({ AutopilotLink }) => AutopilotLink.open(onState, setConnected))
      .catch((err: unknown) => {
        link.current = undefined;
        throw err;
      });
    return link.current;
  }, [onState]);

  // The link goes with the panel.
  useEffect(
    () => () => {
      void link.current?.then(
        (l) => l.dispose(),
        () => undefined,
      );
      link.current = undefined;
    },
    [],
  );

  const replan = async (next: Choices) => {
    const res = await (
      await openLink()
    ).plan({
      chapter,
      tabs: [...next.tabs],
      ...(next.path ? { path: next.path } : {}),
    });
    if (!res.ok) return setProblem(res.error);
    setPlan(res.value);
    setChoices({ path: res.value.path, tabs: res.value.tabs.filter((t) => t.by !== 'path').map((t) => t.label) });
    setValues(Object.fromEntries(plannedValues(res.value).map((p) => [p.name, p.value ?? ''])));
  };

  const state = chapterAutopilot(known, chapter) ?? null;
  const active = autopilotActive(state);

  const act = async (fn: () => Promise<string | null | void>) => {
    setProblem(null);
    setBusy(true);
    try {
      setProblem((await fn()) ?? null);
    } catch (err) {
      setProblem(problemText(err));
    } finally {
      setBusy(false);
    }
  };
  const review = () =>
    act(async () => {
      await replan(choices.path ? choices : { tabs: [] });
      setReviewing(true);
    });
  // Once, when the panel mounts: what it was opened for (the reader's review, or the server's run to show).
  useEffect(() => {
    if (opening === 'review') void review();
    else openLink().catch((err: unknown) => setProblem(problemText(err)));
  }, []);
  const start = () =>
    act(async () => {
      markStarted(chapter);
      const error = await (
        await openLink()
      ).start({
        chapter,
        tabs: [...choices.tabs],
        params: changedValues(plan, values),
        ...(choices.path ? { path: choices.path } : {}),
      });
      if (error === null) setReviewing(false);
      return error;
    });
  // After a failed step: run again from it (the steps before it are left out), the same way through the tabs.
  const failedStep = state?.status === 'failed' ? failedStepOf(state) : undefined;
  const startFrom = (from: StepId) =>
    act(async () => {
      if (!state) return null;
      markStarted(chapter);
      return (await openLink()).start({
        chapter,
        path: state.path,
        tabs: state.tabs.filter((t) => t.by !== 'path').map((t) => t.label),
        from,
      });
    });
  const cancel = () => {
    if (state) void act(async () => (await openLink()).cancel(state.autopilotId));
  };
  const choose = (next: Choices) => {
    // A path picked here is the reader's path everywhere (path tabs, the dashboard), as a path tab is.
    if (next.path !== undefined && next.path !== choices.path) chooseSetupPath(next.path).catch(() => undefined);
    setChoices(next);
    void act(() => replan(next));
  };

  const shown = reviewing ? null : state;
  const summary = shown ? autopilotSummary(shown) : null;
  const run = shown ? shownRun(shown) : undefined;
  const waiting = shown?.status === 'waiting' ? shown.waiting : undefined;
  const steps = plan?.items.filter((i) => i.kind !== 'check').length ?? 0;
  const checks = plan?.items.filter((i) => i.kind === 'check').length ?? 0;
  const skippable = plan?.items.filter((i) => i.kind !== 'check' && i.skipIf !== undefined).length ?? 0;
  return (
    <section
      className="autopilot"
      data-testid="autopilot"
      aria-labelledby={headingId}
      data-status={shown?.status ?? (reviewing ? 'review' : 'idle')}
    >
      <AutopilotHeading
        id={headingId}
        {...(plan
          ? {
              hint: planHint(steps, checks, skippable),
            }
          : {})}
      />
      {reviewing && plan && (
        <>
          <AutopilotChoices plan={plan} paths={SETUP_PATHS} choices={choices} disabled={busy} onChoose={choose} />
          <PlanValues
            chapter={chapter}
            planned={plannedValues(plan)}
            values={values}
            disabled={busy}
            onChange={setValues}
          />
        </>
      )}
      <div className="step-actions">
        {reviewing ? (
          <>
            <button
              type="button"
              className="button primary"
              data-testid="autopilot-start"
              disabled={busy || active || !plan}
              onClick={() => void start()}
            >
              Start
            </button>
            <button type="button" className="button" data-testid="autopilot-close" onClick={() => setReviewing(false)}>
              Not now
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button primary"
            data-testid="autopilot-open"
            disabled={busy || active}
            onClick={() => void review()}
          >
            {state && !active ? 'Run this chapter again' : 'Run this chapter'}
          </button>
        )}
        {failedStep && !reviewing && (
          <button
            type="button"
            className="button"
            data-testid="autopilot-from"
            disabled={busy}
            onClick={() => void startFrom(failedStep)}
          >
            Run again from {failedStep}
          </button>
        )}
        {active && !reviewing && (
          <button type="button" className="button" data-testid="autopilot-cancel" onClick={cancel}>
            Cancel
          </button>
        )}
        {summary && (
          <p
            className={`step-status tone-${summary.tone}`}
            data-testid="autopilot-summary"
            data-status={shown?.status}
            role="status"
            aria-live="polite"
          >
            {summary.text}
          </p>
        )}
      </div>
      {!connected && active && (
        <p className="run-secret-error" role="alert">
          Lost the connection to Onramp&apos;s companion server; reconnecting… (the chapter run goes on there)
        </p>
      )}
      {problem !== null && (
        <p className="run-secret-error" role="alert" data-testid="autopilot-problem">
          {problem}
        </p>
      )}
      {shown && waiting?.kind === 'params' && (
        <AutopilotQuestion
          key={`${shown.autopilotId}-${shown.seq}`}
          autopilotId={shown.autopilotId}
          asks={waiting.params}
          typed={values}
          onAnswer={async (answers) => (await openLink()).answer(shown.autopilotId, answers)}
          onCancel={cancel}
        />
      )}
      {shown && waiting?.kind === 'manual' && (
        <div className="autopilot-question" data-testid="autopilot-manual">
          <p className="autopilot-question-title" role="alert">
            <strong>Your turn</strong> (step <code>{waiting.stepId}</code>, done by hand): {waiting.text}
          </p>
          <div className="step-actions">
            <button
              type="button"
              className="button primary"
              data-testid="autopilot-continue"
              onClick={() => void act(async () => (await openLink()).continue(shown.autopilotId))}
            >
              I did it: continue
            </button>
            <button type="button" className="button" onClick={cancel}>
              Cancel the chapter run
            </button>
          </div>
        </div>
      )}
      {reviewing && plan && <AutopilotProgress items={previewItems(plan)} />}
      {shown && <AutopilotProgress items={shown.items} state={shown} />}
      {run && <AutopilotRun key={run.runId} runId={run.runId} stepId={run.stepId} onCancel={cancel} />}
    </section>
  );
}

export type { SetupPath };
