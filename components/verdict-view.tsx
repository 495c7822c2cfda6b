// A check's verdict as the reader sees it: what was found, or why not and how to fix it.
import type { Fix, Verdict } from '../protocol/verdict';

const LABELS: Record<Verdict['status'], string> = {
  passed: 'Passed',
  failed: 'Failed',
  warning: 'Warning',
  skipped: 'Skipped',
  error: 'Could not check',
};

export function FixView({ fix }: { readonly fix: Fix }) {
  return (
    <div className="fix">
      <p>
        <strong>Fix:</strong> {fix.summary}
      </p>
      {fix.commands.length > 0 && (
        <pre className="fix-commands">
          <code>{fix.commands.join('\n')}</code>
        </pre>
      )}
      {fix.link && (
        <p>
          <a href={fix.link}>Read how to fix this</a>
        </p>
      )}
    </div>
  );
}

function VerdictBody({ verdict }: { readonly verdict: Verdict }) {
  switch (verdict.status) {
    case 'passed':
      return (
        <p>
          Found: <code>{verdict.found}</code>
          {verdict.detail ? ` (${verdict.detail})` : ''}
        </p>
      );
    case 'failed':
    case 'warning':
      return (
        <>
          <p>{verdict.reason}</p>
          <dl className="found-expected">
            <dt>Found</dt>
            <dd>
              <code>{verdict.found}</code>
            </dd>
            <dt>Expected</dt>
            <dd>
              <code>{verdict.expected}</code>
            </dd>
          </dl>
          <FixView fix={verdict.fix} />
        </>
      );
    case 'skipped':
      return (
        <p>
          {fullStop(verdict.reason)} First make this pass: <strong>{verdict.prerequisite}</strong>.
        </p>
      );
    case 'error':
      return (
        <>
          <p>{verdict.reason}</p>
          {verdict.fix && <FixView fix={verdict.fix} />}
        </>
      );
  }
}

export function VerdictView({
  checkId,
  verdict,
  testId = `verdict-${checkId}`,
}: {
  readonly checkId: string;
  readonly verdict: Verdict;
  /** The element's test id; `verdict-<checkId>` unless a page shows the verdict under another name. */
  readonly testId?: string;
}) {
  return (
    <div className={`verdict status-${verdict.status}`} data-testid={testId} data-status={verdict.status}>
      <p className="verdict-label">{LABELS[verdict.status]}</p>
      <VerdictBody verdict={verdict} />
    </div>
  );
}

/** The sentence with a full stop at its end (the engine's skip reasons have none). */
export function fullStop(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
