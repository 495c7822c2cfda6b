// How `npm run bench` shows a figure next to its target, so one run says what is met.

export type Comparison = '<' | '<=' | '>=' | '=';

function holds(value: number, cmp: Comparison, target: number): boolean {
  switch (cmp) {
    case '<':
      return value < target;
    case '<=':
      return value <= target;
    case '>=':
      return value >= target;
    case '=':
      return value === target;
  }
}

/**
 * `value` with its target: "131.3 (target < 150: 0.875 of it, met)". The ratio is value / target
 * (for a figure that is already a ratio, the target is the ratio to reach). Pure.
 */
export function againstTarget(value: number, cmp: Comparison, target: number, digits = 3): string {
  const shown = Number(value.toFixed(digits));
  const ratio = target === 0 ? '' : `${Number((value / target).toFixed(3))} of it, `;
  return `${shown} (target ${cmp} ${target}: ${ratio}${holds(value, cmp, target) ? 'met' : 'NOT MET'})`;
}

/** min / median / max of repeated figures, for the spread of a figure measured more than once. */
export function spread(values: readonly number[], digits = 3): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mid =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]!
      : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const f = (n: number) => Number(n.toFixed(digits));
  return `min ${f(sorted[0]!)} / median ${f(mid)} / max ${f(sorted.at(-1)!)} over ${values.length}`;
}
