'use client';
// The dashboard's setup path: which way to dom0 the checks follow ("Run all" leaves out the other
// paths' checks), changeable here as on the guide's path tabs.
import { useId } from 'react';
import { SETUP_PATHS, SETUP_PATH_TITLES, type SetupPath } from '../../protocol/setup-paths';

export interface PathChoiceProps {
  readonly path: SetupPath;
  readonly disabled: boolean;
  onChoose(path: SetupPath): void;
}

export function PathChoice({ path, disabled, onChoose }: PathChoiceProps) {
  const id = useId();
  return (
    <p className="dashboard-path" data-testid="dashboard-path" data-path={path}>
      <label htmlFor={id}>Your way to dom0: </label>
      <select
        id={id}
        value={path}
        disabled={disabled}
        data-testid="dashboard-path-select"
        onChange={(e) => onChoose(e.target.value as SetupPath)}
      >
        {SETUP_PATHS.map((p) => (
          <option key={p} value={p}>
            {SETUP_PATH_TITLES[p]}
          </option>
        ))}
      </select>{' '}
      {path === 'virtualbox'
        ? '(every check is listed).'
        : '(the VirtualBox checks are left out, and "Run all" does not run them).'}
    </p>
  );
}
