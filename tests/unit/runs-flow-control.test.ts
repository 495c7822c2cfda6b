// Flow control watermarks: pause on the slowest subscriber, resume when all are below low water.
import { describe, expect, it } from 'vitest';
import { flowAction } from '../../server/runs/flow-control';

const limits = { highWater: 1000, lowWater: 250 };

describe('flowAction', () => {
  it.each([
    { paused: false, lags: [], expected: 'keep', why: 'no subscriber: the run keeps going' },
    { paused: false, lags: [0, 1000], expected: 'keep', why: 'at high water is not above it' },
    { paused: false, lags: [0, 1001], expected: 'pause', why: 'the slowest is above high water' },
    { paused: true, lags: [10, 600], expected: 'keep', why: 'hysteresis: between the marks stays paused' },
    { paused: true, lags: [10, 249], expected: 'resume', why: 'every subscriber below low water' },
    { paused: true, lags: [], expected: 'resume', why: 'the last subscriber detached' },
    { paused: false, lags: [5], expected: 'keep', why: 'running and fine' },
  ] as const)('$why', ({ paused, lags, expected }) => {
    expect(flowAction(paused, lags, limits)).toBe(expected);
  });
});
