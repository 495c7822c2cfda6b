// When to pause and resume a run's process so slow readers bound memory (xterm.js flow-control
// guide: watermarks on unacknowledged output). Pure.

export interface FlowLimits {
  /** Pause when the slowest subscriber has more than this many characters unacknowledged. */
  readonly highWater: number;
  /** Resume when every subscriber has fewer than this many unacknowledged. */
  readonly lowWater: number;
}

export type FlowAction = 'pause' | 'resume' | 'keep';

/** `lags` are each attached subscriber's sent-minus-acknowledged characters. */
export function flowAction(paused: boolean, lags: readonly number[], limits: FlowLimits): FlowAction {
  const worst = lags.reduce((a, b) => Math.max(a, b), 0);
  if (!paused && worst > limits.highWater) return 'pause';
  // With no subscriber the run keeps going: the replay buffer drops old output instead.
  if (paused && worst < limits.lowWater) return 'resume';
  return 'keep';
}
