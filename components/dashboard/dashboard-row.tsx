// One check on the dashboard: title, status badge, verdict (found/expected, fix), chapter link, buttons.
import type { CheckEntry } from '../../protocol/checks-api';
import { VerdictView } from '../verdict-view';
import { ageText, rowStatus, type CheckView } from './dashboard-state';

const BADGES: Record<ReturnType<typeof rowStatus>, string> = {
  'not-run': 'Not run',
  running: 'Checking…',
  passed: 'Passed',
  warning: 'Warning',
  failed: 'Failed',
  skipped: 'Skipped',
  error: 'Could not check',
};

export interface DashboardRowProps {
  readonly entry: CheckEntry;
  /** The title of the check's chapter (the link's text); its slug when unknown. */
  readonly chapterTitle?: string | undefined;
  readonly view: CheckView | undefined;
  readonly now: number;
  /** Absent in static mode (no companion server: nothing runs). */
  readonly onRun?: (id: string) => void;
  readonly disabled: boolean;
}

export function DashboardRow({ entry, chapterTitle, view, now, onRun, disabled }: DashboardRowProps) {
  const status = rowStatus(view);
  return (
    <li className={`dashboard-check status-${status}`} data-testid={`dashboard-check-${entry.id}`} data-status={status}>
      <div className="dashboard-check-head">
        <span className={`badge dashboard-badge status-${status}`}>
          {status === 'running' && <span className="spinner" aria-hidden="true" />}
          {BADGES[status]}
        </span>
        <span className="dashboard-check-title">{entry.title}</span>
        {entry.target === 'dom0' && <span className="badge target-dom0">dom0</span>}
        {!entry.required && <span className="badge muted">optional</span>}
        {view?.phase === 'done' && (
          <span className="dashboard-age" data-testid={`age-${entry.id}`}>
            checked {ageText(view.at, now)}
          </span>
        )}
      </div>
      <div className="dashboard-check-actions">
        <a href={`/guide/${entry.chapter}`} data-testid={`chapter-link-${entry.id}`}>
          Chapter: {chapterTitle ?? entry.chapter}
        </a>
        {onRun && (
          <button
            type="button"
            className="button"
            data-testid={entry.action ? `boot-${entry.id}` : `rerun-${entry.id}`}
            disabled={disabled || status === 'running'}
            onClick={() => onRun(entry.id)}
          >
            {entry.action ? 'Boot it' : view?.phase === 'done' ? 'Re-run' : 'Run'}
          </button>
        )}
      </div>
      {view?.phase === 'done' && <VerdictView checkId={entry.id} verdict={view.verdict} />}
    </li>
  );
}
