'use client';
// Which way through a chapter with tabs: the setup path (for tabs marked path="qemu" /
// "virtualbox") and, for each other group of tabs, which tab to follow (the first one unless chosen).
import { useId } from 'react';
import type { AutopilotPlan } from '../../protocol/autopilot';
import { SETUP_PATH_TITLES as PATH_LABELS, type SetupPath } from '../../protocol/setup-paths';

export interface Choices {
  readonly path?: SetupPath;
  /** One label per tab group without path tabs, in the chapter's order. */
  readonly tabs: readonly string[];
}

export interface AutopilotChoicesProps {
  readonly plan: AutopilotPlan;
  readonly paths: readonly SetupPath[];
  readonly choices: Choices;
  readonly disabled: boolean;
  onChoose(next: Choices): void;
}

export function AutopilotChoices({ plan, paths, choices, disabled, onChoose }: AutopilotChoicesProps) {
  const id = useId();
  const byPath = plan.tabs.some((t) => t.by === 'path');
  const groups = plan.tabs.filter((t) => t.by !== 'path');
  if (!byPath && groups.length === 0) return null;
  return (
    <div className="autopilot-choices step-actions">
      {byPath && (
        <span className="autopilot-path">
          <label htmlFor={`${id}-path`}>Setup path</label>{' '}
          <select
            id={`${id}-path`}
            data-testid="autopilot-path"
            value={choices.path ?? plan.path}
            disabled={disabled}
            onChange={(e) => onChoose({ ...choices, path: e.target.value as SetupPath })}
          >
            {paths.map((p) => (
              <option key={p} value={p}>
                {PATH_LABELS[p]}
              </option>
            ))}
          </select>
        </span>
      )}
      {groups.map((group, i) => (
        <span className="autopilot-path" key={group.group}>
          <label htmlFor={`${id}-tabs-${group.group}`}>
            {group.section ? `${group.section}: follow the tab` : 'Follow the tab'}
          </label>{' '}
          <select
            id={`${id}-tabs-${group.group}`}
            data-testid={`autopilot-tabs-${group.group}`}
            value={choices.tabs[i] ?? group.label}
            disabled={disabled}
            onChange={(e) => {
              const tabs = groups.map((g, j) => (j === i ? e.target.value : (choices.tabs[j] ?? g.label)));
              onChoose({ ...choices, tabs });
            }}
          >
            {group.labels.map((label) => (
              <option key={label} value={label}>
                {label}
              </option>
            ))}
          </select>
        </span>
      ))}
    </div>
  );
}
