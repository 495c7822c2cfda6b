import { describe, expect, it } from 'vitest';
import {
  batchDelay,
  coalesce,
  WriteBatcher,
  type BatchItem,
  type TerminalData,
} from '../../components/runtime/write-batcher';

/** A fake xterm and clock: writes are recorded and finish when the test says so; timers fire on advance(). */
function harness(intervalMs = 50) {
  let now = 0;
  const writes: Array<{ data: TerminalData; done: () => void }> = [];
  let timers: Array<{ at: number; fn: () => void }> = [];
  const batcher = new WriteBatcher(
    {
      write: (data, done) => writes.push({ data, done }),
      now: () => now,
      setTimer: (fn, ms) => {
        const t = { at: now + ms, fn };
        timers.push(t);
        return t;
      },
      clearTimer: (t) => (timers = timers.filter((x) => x !== t)),
    },
    intervalMs,
  );
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    due.forEach((t) => t.fn());
  };
  const finishAll = () => writes.splice(0).forEach((w) => w.done());
  return { batcher, writes, advance, finishAll, timers: () => timers };
}

const out = (data: string, log?: string[]): BatchItem => ({ data, output: true, done: () => log?.push(data) });

describe('coalesce', () => {
  it('joins consecutive output and keeps notices and resets apart, in order', () => {
    const log: string[] = [];
    const items = coalesce([
      out('a', log),
      out('b', log),
      { data: 'N', output: false },
      out('c', log),
      { data: 'R', output: false },
    ]);
    expect(items.map((i) => [i.data, i.output])).toEqual([
      ['ab', true],
      ['N', false],
      ['c', true],
      ['R', false],
    ]);
    items.forEach((i) => i.done?.());
    expect(log).toEqual(['a', 'b', 'c']);
  });
});

describe('coalesce with bytes (the output stream)', () => {
  it('joins consecutive byte chunks into one Uint8Array, keeps text apart, and runs every callback', () => {
    const log: string[] = [];
    const bytes = (text: string, tag: string): BatchItem => ({
      data: new TextEncoder().encode(text),
      output: true,
      done: () => log.push(tag),
    });
    const items = coalesce([
      bytes('ab', '1'),
      bytes('✓', '2'),
      out('text', log),
      bytes('c', '3'),
      { data: 'N', output: false },
    ]);
    expect(
      items.map((i) => [typeof i.data === 'string' ? i.data : new TextDecoder().decode(i.data), i.output]),
    ).toEqual([
      ['ab✓', true],
      ['text', true],
      ['c', true],
      ['N', false],
    ]);
    expect(items[0]!.data).toBeInstanceOf(Uint8Array);
    expect(items[0]!.data.length).toBe(5);
    items.forEach((i) => i.done?.());
    expect(log).toEqual(['1', '2', 'text', '3']);
  });
});

describe('coalesce with a size bound', () => {
  it('starts a new write before an item that would pass maxChars, never cutting an item', () => {
    const items = coalesce([out('aaaa'), out('bbbb'), out('cc'), out('dddddddddd'), out('e')], 8);
    expect(items.map((i) => i.data)).toEqual(['aaaabbbb', 'cc', 'dddddddddd', 'e']);
  });
});

describe('batchDelay', () => {
  it('is 0 once the interval has passed, the rest of it before', () => {
    expect(batchDelay(100, Number.NEGATIVE_INFINITY, 50)).toBe(0);
    expect(batchDelay(120, 100, 50)).toBe(30);
    expect(batchDelay(150, 100, 50)).toBe(0);
  });
});

describe('WriteBatcher', () => {
  it('writes output after a quiet spell at once', () => {
    const h = harness();
    h.batcher.push(out('first'));
    expect(h.writes.map((w) => w.data)).toEqual(['first']);
  });

  it('while xterm is busy, gathers what arrives into one write once it is done and the interval passed', () => {
    const h = harness();
    const log: string[] = [];
    h.batcher.push(out('a', log));
    for (const c of ['b', 'c', 'd']) h.batcher.push(out(c, log));
    expect(h.writes.map((w) => w.data)).toEqual(['a']);
    h.advance(10);
    h.finishAll();
    expect(log).toEqual(['a']);
    // Done after 10 ms: the next write waits for the rest of the 50 ms.
    expect(h.writes).toHaveLength(0);
    h.advance(39);
    expect(h.writes).toHaveLength(0);
    h.advance(1);
    expect(h.writes.map((w) => w.data)).toEqual(['bcd']);
    h.finishAll();
    expect(log).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never has two output writes in xterm at once', () => {
    const h = harness(0);
    h.batcher.push(out('a'));
    h.batcher.push(out('b'));
    h.advance(100);
    expect(h.writes.map((w) => w.data)).toEqual(['a']);
    h.finishAll();
    expect(h.writes.map((w) => w.data)).toEqual(['b']);
  });

  it('keeps a reset between the output before it and after it', () => {
    const h = harness();
    const order: string[] = [];
    h.batcher.push(out('old', order));
    h.batcher.push(out('old2', order));
    h.batcher.push({ data: '\x1bc', output: false, done: () => order.push('reset') });
    h.batcher.push(out('new', order));
    h.finishAll();
    h.advance(50);
    expect(h.writes.map((w) => w.data)).toEqual(['old2', '\x1bc', 'new']);
    h.finishAll();
    expect(order).toEqual(['old', 'old2', 'reset', 'new']);
  });

  it('is idle only when nothing is queued or inside xterm, and already idle in the last done callback', () => {
    const h = harness();
    expect(h.batcher.idle).toBe(true);
    const seen: boolean[] = [];
    h.batcher.push({ data: 'a', output: true, done: () => seen.push(h.batcher.idle) });
    expect(h.batcher.idle).toBe(false);
    h.batcher.push({ data: 'b', output: true, done: () => seen.push(h.batcher.idle) });
    h.finishAll();
    // 'b' waits for the interval: while it is queued, 'a' finishing leaves the batcher busy.
    expect(seen).toEqual([false]);
    expect(h.batcher.idle).toBe(false);
    h.advance(50);
    h.finishAll();
    expect(seen).toEqual([false, true]);
    expect(h.batcher.idle).toBe(true);
  });

  it('after dispose, queued items are dropped and no timer is left', () => {
    const h = harness();
    const log: string[] = [];
    h.batcher.push(out('a', log));
    h.finishAll();
    h.batcher.push(out('b', log));
    expect(h.timers()).toHaveLength(1);
    h.batcher.dispose();
    expect(h.timers()).toHaveLength(0);
    h.advance(100);
    expect(h.writes).toHaveLength(0);
    expect(log).toEqual(['a']);
  });
});
