import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../../protocol/socket';
import { latestRunOf } from '../../components/runtime/runs-list';

function run(runId: string, stepId: string, state: RunInfo['state'], startedAt: number): RunInfo {
  return { runId, stepId, state, startedAt, length: 0 } as unknown as RunInfo;
}

describe('latestRunOf', () => {
  const runs = [
    run('run-aaaaaaaa', 'opam-init', 'exited', 100),
    run('run-bbbbbbbb', 'opam-init', 'exited', 300),
    run('run-cccccccc', 'mirage-install', 'running', 50),
    run('run-dddddddd', 'opam-init', 'running', 200),
  ];

  it('prefers a running run of the step over a more recent finished one', () => {
    expect(latestRunOf(runs, 'opam-init')?.runId).toBe('run-dddddddd');
  });

  it('else picks the most recently started finished run', () => {
    expect(latestRunOf(runs.slice(0, 2), 'opam-init')?.runId).toBe('run-bbbbbbbb');
    expect(latestRunOf([...runs.slice(0, 2)].reverse(), 'opam-init')?.runId).toBe('run-bbbbbbbb');
  });

  it('ignores other steps and returns nothing for a step never run', () => {
    expect(latestRunOf(runs, 'mirage-install')?.runId).toBe('run-cccccccc');
    expect(latestRunOf(runs, 'xl-list')).toBeUndefined();
  });
});
