'use client';
// "Run this chapter" as the page first shows it: the title and the Run this chapter button. The
// panel's own code (autopilot-panel.tsx: the review, the progress, the questions, the live output)
// is imported only when there is something for it to do: the reader asks for a run, or the server
// has a run of this chapter's steps to show. Until then a chapter page carries none of it.
import { useEffect, useId, useState, type ComponentType } from 'react';
import { UNREACHABLE } from '../runtime/run-status';
import { AutopilotHeading } from './autopilot-heading';
import type { AutopilotOpening, AutopilotPanelProps } from './autopilot-panel';
import { startedHere, worthReplaying } from './autopilot-replay';

export interface AutopilotLauncherProps {
  readonly chapter: string;
  /** The chapter's step ids: a run of one of them on the server means there may be a chapter run to show. */
  readonly stepIds: readonly string[];
}

type Panel = ComponentType<AutopilotPanelProps>;

/** The idle panel until the panel is wanted, then the panel (its first render starts what was asked). */
export function AutopilotLauncher({ chapter, stepIds }: AutopilotLauncherProps) {
  const [opening, setOpening] = useState<AutopilotOpening | null>(null);
  const [panel, setPanel] = useState<{ readonly Panel: Panel } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const headingId = useId();

  // On load: the panel only if there may be a chapter run to show (no panel code and no socket otherwise).
  useEffect(() => {
    let gone = false;
    void import('../runtime/runs-list').then(async ({ fetchRuns }) => {
      const runs = await fetchRuns();
      if (!gone && runs.ok && worthReplaying(startedHere(chapter), runs.value, stepIds))
        setOpening((o) => o ?? 'replay');
    });
    return () => {
      gone = true;
    };
  }, [chapter, stepIds]);

  useEffect(() => {
    if (opening === null || panel) return;
    let gone = false;
    import('./autopilot-panel').then(
      ({ AutopilotPanel }) => !gone && setPanel({ Panel: AutopilotPanel }),
      () => {
        // The panel's code comes from Onramp's own server: it is not answering.
        if (gone) return;
        setProblem(`${UNREACHABLE}. Start it (npm start), then reload this page.`);
        setOpening(null);
      },
    );
    return () => {
      gone = true;
    };
  }, [opening, panel]);

  if (panel && opening) return <panel.Panel chapter={chapter} opening={opening} />;
  const loading = opening !== null;
  return (
    <section className="autopilot" data-testid="autopilot" aria-labelledby={headingId} data-status="idle">
      <AutopilotHeading id={headingId} />
      <div className="step-actions">
        <button
          type="button"
          className="button primary"
          data-testid="autopilot-open"
          disabled={loading}
          onClick={() => {
            setProblem(null);
            setOpening('review');
          }}
        >
          Run this chapter
        </button>
      </div>
      {problem !== null && (
        <p className="run-secret-error" role="alert" data-testid="autopilot-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
