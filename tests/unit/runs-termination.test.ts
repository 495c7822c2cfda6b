import { afterEach, describe, expect, it, vi } from 'vitest';
import { terminationFor, type EndReason } from '../../server/runners/termination';

afterEach(() => {
  vi.useRealTimers();
});

describe('terminationFor', () => {
  it('the deadline kills once and records timeout; a later cancel does not change the reason', () => {
    vi.useFakeTimers();
    const kills: EndReason[] = [];
    const ac = new AbortController();
    const t = terminationFor({ timeoutMs: 100, signal: ac.signal }, (r) => kills.push(r));
    vi.advanceTimersByTime(100);
    ac.abort();
    expect(kills).toEqual(['timeout', 'timeout']);
    expect([t.reason, t.timedOut, t.canceled]).toEqual(['timeout', true, false]);
  });

  it('cancel first: the reason stays cancel when the deadline passes before the process ends', () => {
    vi.useFakeTimers();
    const ac = new AbortController();
    const t = terminationFor({ timeoutMs: 100, signal: ac.signal }, () => {});
    ac.abort();
    vi.advanceTimersByTime(200);
    expect([t.reason, t.timedOut, t.canceled]).toEqual(['cancel', false, true]);
  });

  it('dispose clears the timer and the abort listener: nothing is killed after the process ended', () => {
    vi.useFakeTimers();
    const kills: EndReason[] = [];
    const ac = new AbortController();
    const t = terminationFor({ timeoutMs: 100, signal: ac.signal }, (r) => kills.push(r));
    t.dispose();
    vi.advanceTimersByTime(200);
    ac.abort();
    t.end('cancel');
    expect(kills).toEqual([]);
    expect(t.reason).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an already aborted signal cancels right after setup (in a microtask)', async () => {
    const kills: EndReason[] = [];
    const t = terminationFor({ signal: AbortSignal.abort() }, (r) => kills.push(r));
    expect(kills).toEqual([]);
    await Promise.resolve();
    expect(kills).toEqual(['cancel']);
    expect(t.canceled).toBe(true);
  });

  it('record() notes a lost transport only when nothing ended the process first, and kills nothing', () => {
    const kills: EndReason[] = [];
    const lost = terminationFor({}, (r) => kills.push(r));
    expect(lost.record('transport-lost')).toBe(true);
    expect(lost.reason).toBe('transport-lost');
    const canceled = terminationFor({}, (r) => kills.push(r));
    canceled.end('cancel');
    expect(canceled.record('transport-lost')).toBe(false);
    expect(canceled.reason).toBe('cancel');
    expect(kills).toEqual(['cancel']);
  });
});
