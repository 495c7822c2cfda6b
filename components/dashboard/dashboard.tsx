'use client';
// The setup dashboard: every check by stage, its latest verdict (stored, then live from every tab),
// "Run all", a re-run per check and "Boot it" for actions. In static mode: the list alone.
import { useEffect, useState } from 'react';
import type { CheckEntry } from '../../protocol/checks-api';
import { UNREACHABLE } from '../runtime/run-status';
import { START_COMMAND } from '../static-mode';
import { byStage, runAllIds, summaryLine, visibleChecks } from './dashboard-state';
import { DashboardRow } from './dashboard-row';
import { STAGE_TITLES } from './stage-titles';
import { SignInNotice } from '../sign-in-notice';
import { RunSecretPrompt } from '../run-secret-prompt';
import { useLiveChecks } from './use-live-checks';
import { PathChoice } from './path-choice';

/** How often the "checked 5 min ago" ages are refreshed. */
const AGE_TICK_MS = 30_000;

export function Dashboard({
  entries,
  chapterTitles = {},
  staticMode,
}: {
  readonly entries: readonly CheckEntry[];
  /** Chapter slug → title, for the rows' chapter links. */
  readonly chapterTitles?: Readonly<Record<string, string>>;
  readonly staticMode: boolean;
}) {
  const live = useLiveChecks(!staticMode);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), AGE_TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const shown = visibleChecks(entries, live.path);
  const canRun = !staticMode && live.connection === 'connected';
  const onRun = staticMode ? undefined : live.runOne;

  return (
    <section
      className="dashboard"
      data-testid="dashboard"
      data-connection={staticMode ? 'static' : live.connection}
      aria-label="Checks by stage"
    >
      <div className="dashboard-toolbar">
        {!staticMode && (
          <button
            type="button"
            className="button primary"
            data-testid="run-all"
            disabled={!canRun || live.runningAll}
            onClick={() => live.runAll(runAllIds(shown))}
          >
            {live.runningAll ? 'Running all checks…' : 'Run all'}
          </button>
        )}
        <p className="dashboard-summary" data-testid="dashboard-summary" aria-live="polite">
          {summaryLine(shown, live.views)}
        </p>
      </div>
      {staticMode && (
        <p className="static-note" data-testid="dashboard-static-note">
          This is the guide without its companion server, so no check can run here. Start Onramp on your computer to
          check your setup: <code>{START_COMMAND}</code>, then open the URL it prints.
        </p>
      )}
      {live.connection === 'unreachable' && !staticMode && (
        <p className="verdict tone-bad" data-testid="dashboard-unreachable">
          {UNREACHABLE}: start it with <code>npm start</code>, then reload this page.
        </p>
      )}
      <SignInNotice />
      {live.prompts.map((prompt) => (
        <RunSecretPrompt
          key={prompt.promptId}
          stepId={`check-${prompt.checkId}`}
          prompt={prompt}
          intro={`Checking “${entries.find((e) => e.id === prompt.checkId)?.title ?? prompt.checkId}”.`}
          onAnswer={live.answerPrompt}
          onCancel={() => live.cancelPrompt(prompt.promptId)}
        />
      ))}
      {live.refusal && (
        <p className="verdict tone-bad" data-testid="dashboard-refusal">
          {live.refusal}
        </p>
      )}
      {live.path !== undefined && !staticMode && (
        <PathChoice path={live.path} disabled={live.connection !== 'connected'} onChoose={live.choosePath} />
      )}
      {byStage(shown).map(({ stage, checks }) => (
        <section
          key={stage}
          className="dashboard-stage"
          data-testid={`stage-${stage}`}
          aria-labelledby={`stage-heading-${stage}`}
        >
          <h2 id={`stage-heading-${stage}`}>{STAGE_TITLES[stage]}</h2>
          <ul className="dashboard-checks">
            {checks.map((entry) => (
              <DashboardRow
                key={entry.id}
                entry={entry}
                chapterTitle={chapterTitles[entry.chapter]}
                view={live.views[entry.id]}
                now={now}
                disabled={!canRun}
                {...(onRun ? { onRun } : {})}
              />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
