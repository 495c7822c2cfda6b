'use client';
// Parameters in a chapter run. Before it starts: every value the chapter's steps use, pre-filled
// (from the network plan, the saved dom0, an earlier answer, the step's default) and editable.
// While it runs: the values no source had, asked in place; Continue sends them and the run goes on.
import { useState } from 'react';
import type { AutopilotPlan, ParamAsk, ParamSource, PlannedParam } from '../../protocol/autopilot';
import type { ParamDecl } from '../../protocol/params';
import { errorMessage } from '../../protocol/result';
import { StepParams } from '../step-params';

const SOURCES: Record<ParamSource, string> = {
  given: 'given for this run',
  remembered: 'your answer to an earlier run',
  dom0: 'the saved dom0 connection',
  network: 'the host-only network plan',
  default: "the chapter's default",
  ask: 'no value yet: fill it in, or Onramp asks when the run needs it',
};

/** Every parameter the plan's steps use, once per name, with its pre-filled value and source. */
export function plannedValues(plan: AutopilotPlan): PlannedParam[] {
  const seen = new Map<string, PlannedParam>();
  for (const item of plan.items) {
    if (item.kind !== 'step') continue;
    for (const p of item.params) if (!seen.has(p.name)) seen.set(p.name, p);
  }
  return [...seen.values()];
}

export interface PlanValuesProps {
  readonly chapter: string;
  readonly planned: readonly PlannedParam[];
  readonly values: Readonly<Record<string, string>>;
  readonly disabled: boolean;
  onChange(values: Record<string, string>): void;
}

/** The values a chapter run will use, before it starts: shown, with where each came from, editable. */
export function PlanValues({ chapter, planned, values, disabled, onChange }: PlanValuesProps) {
  if (planned.length === 0) return null;
  const decls: ParamDecl[] = planned.map((p) => ({ name: p.name, kind: p.kind, default: p.value ?? '' }));
  return (
    <div className="autopilot-values" data-testid="autopilot-values">
      <StepParams
        stepId={`autopilot-${chapter}`}
        params={decls}
        values={values}
        disabled={disabled}
        onChange={onChange}
      />
      <ul className="hint autopilot-origins">
        {planned.map((p) => (
          <li key={p.name} data-testid={`autopilot-source-${p.name}`} data-source={p.source}>
            <code>{p.name}</code>: {values[p.name] !== (p.value ?? '') ? 'changed by you' : SOURCES[p.source]}
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface AutopilotQuestionProps {
  readonly autopilotId: string;
  readonly asks: readonly ParamAsk[];
  /** What the reader typed into the values before the run started (a head start). */
  readonly typed: Readonly<Record<string, string>>;
  /** Resolves with an error to show, or null once the server took the answer. */
  onAnswer(values: Record<string, string>): Promise<string | null>;
  onCancel(): void;
}

/** The values the run waits for, asked in place (a refused value comes back with its problem). */
export function AutopilotQuestion({ autopilotId, asks, typed, onAnswer, onCancel }: AutopilotQuestionProps) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(asks.map((a) => [a.name, typed[a.name] ?? ''])),
  );
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const domKey = `autopilot-ask-${autopilotId}`;
  const decls: ParamDecl[] = asks.map((a) => ({ name: a.name, kind: a.kinds[0] ?? 'text' }));
  const problems = asks.filter((a) => a.problem);
  return (
    <form
      className="autopilot-question"
      data-testid="autopilot-question"
      aria-labelledby={`${domKey}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        setSending(true);
        onAnswer(values)
          .then(setError, (err: unknown) => setError(errorMessage(err)))
          .finally(() => setSending(false));
      }}
    >
      <p id={`${domKey}-title`} className="autopilot-question-title" role="alert">
        The next steps need {asks.length === 1 ? 'a value' : 'these values'}:{' '}
        {asks.map((a, i) => (
          <span key={a.name}>
            {i > 0 && ', '}
            <code>{a.name}</code> (for {a.steps.join(', ')})
          </span>
        ))}
        .
      </p>
      {problems.map((a) => (
        <p key={a.name} className="run-secret-error" data-testid={`autopilot-question-problem-${a.name}`}>
          {a.name}: {a.problem}
        </p>
      ))}
      <StepParams stepId={domKey} params={decls} values={values} disabled={sending} onChange={setValues} />
      <div className="step-actions">
        <button type="submit" className="button primary" data-testid="autopilot-question-continue" disabled={sending}>
          Continue
        </button>
        <button type="button" className="button" data-testid="autopilot-question-cancel" onClick={onCancel}>
          Cancel the chapter run
        </button>
      </div>
      {error !== null && (
        <p className="run-secret-error" data-testid="autopilot-question-error">
          {error}
        </p>
      )}
    </form>
  );
}
