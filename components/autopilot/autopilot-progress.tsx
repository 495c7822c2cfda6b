// The chapter run's progress: every item (step, check, step done by hand) in the chapter's order
// with its state; a failed item says why and how to fix it, a manual one what to do.
import type { AutopilotItem, AutopilotState } from '../../protocol/autopilot';
import { FixView, VerdictView } from '../verdict-view';
import { itemBadge, itemKey, itemTitle, kindLabel } from './autopilot-view';

function ItemDetail({ item, state }: { readonly item: AutopilotItem; readonly state: AutopilotState | undefined }) {
  const key = itemKey(item);
  const failure = state?.failure?.index === item.index ? state.failure : undefined;
  if (failure) {
    return (
      <div className="autopilot-item-note" data-testid={`autopilot-failure-${key}`}>
        <p>{failure.reason}</p>
        {item.kind === 'check' && item.verdict ? (
          <VerdictView checkId={`autopilot-${key}`} verdict={item.verdict} />
        ) : (
          failure.fix && <FixView fix={failure.fix} />
        )}
        {!failure.runId && failure.output && (
          <pre className="autopilot-output" data-testid={`autopilot-output-${key}`}>
            {failure.output}
          </pre>
        )}
      </div>
    );
  }
  if (item.kind === 'manual' && (item.state === 'waiting' || item.state === 'pending')) {
    return (
      <p className="autopilot-item-note" data-testid={`autopilot-manual-${key}`}>
        {item.state === 'waiting' && <strong>Do this yourself: </strong>}
        {item.text}
      </p>
    );
  }
  if (item.note) return <p className="autopilot-item-note">{item.note}</p>;
  // In the preview: a step that is not run when what it does is already there.
  if (!state && item.kind !== 'check' && item.skipIf)
    return (
      <p className="autopilot-item-note" data-testid={`autopilot-skip-${key}`}>
        Skipped if the check <code>{item.skipIf}</code> already passes.
      </p>
    );
  return null;
}

export interface AutopilotProgressProps {
  readonly items: readonly AutopilotItem[];
  /** The running autopilot; absent for a plan not started yet (every item pending). */
  readonly state?: AutopilotState;
}

export function AutopilotProgress({ items, state }: AutopilotProgressProps) {
  return (
    <ol
      className="autopilot-items"
      aria-label={state ? "This chapter's steps and checks" : 'What Run will do'}
      data-testid={state ? 'autopilot-items' : 'autopilot-preview'}
    >
      {items.map((item) => {
        const waiting = state && item.index === state.current ? state.waiting : undefined;
        const badge = itemBadge(item, waiting);
        const key = itemKey(item);
        return (
          <li
            key={`${item.kind}-${key}`}
            className={`autopilot-item tone-${badge.tone}`}
            data-testid={`autopilot-item-${key}`}
            data-kind={item.kind}
            data-state={item.state}
            aria-current={state && item.index === state.current && !state.failure ? 'step' : undefined}
          >
            <div className="autopilot-item-head">
              <span className={`badge autopilot-badge tone-${badge.tone}`} data-testid={`autopilot-badge-${key}`}>
                {badge.tone === 'busy' && <span className="spinner" aria-hidden="true" />}
                {badge.label}
              </span>
              <span className="badge muted">{kindLabel(item)}</span>
              <span className="autopilot-item-title" data-testid={`autopilot-title-${key}`}>
                {itemTitle(item)}
              </span>
              <code className="step-id" title={item.kind === 'check' ? 'check id' : 'step id'}>
                {key}
              </code>
            </div>
            {item.kind === 'step' && (
              <code className="autopilot-item-command" data-testid={`autopilot-command-${key}`}>
                {item.summary}
              </code>
            )}
            <ItemDetail item={item} state={state} />
          </li>
        );
      })}
    </ol>
  );
}
