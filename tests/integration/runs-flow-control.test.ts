// Flow control with real floods through node-pty: a subscriber that never acknowledges pauses
// the producer (memory stays flat); acking or detaching lets it go on; a 100 MB flood with an
// acking subscriber arrives complete. Prints throughput and peak RSS (figures only).
import { afterEach, describe, expect, it } from 'vitest';
import type { RunId, StepId } from '../../protocol/ids';
import type { RunResult } from '../../protocol/run-result';
import type { StepDecl } from '../../protocol/steps';
import { createLocalRunner } from '../../server/runners/local';
import { RunStore } from '../../server/runs/run-store';
import type { RunSubscriber } from '../../server/socket/run-store-port';
import { pollFor } from '../helpers/poll';

const runner = createLocalRunner();
const PTY = { cols: 120, rows: 30 };
const MiB = 1024 * 1024;
const stores: RunStore[] = [];

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.dispose()));
});

function step(command: string): StepDecl {
  return {
    id: 'playground-flood' as StepId,
    target: 'host',
    command,
    lang: 'sh',
    params: [],
    root: false,
    chapter: 'playground',
    at: { file: 'runs-flow-control.test.ts', line: 1 },
  };
}

/** Poll until the run's output length has not changed for `quietMs`; returns that length. */
async function stalledLength(store: RunStore, runId: RunId, quietMs = 400): Promise<number> {
  let last = -1;
  let since = Date.now();
  return pollFor('output to stop growing', () => {
    const now = store.get(runId)?.length ?? -1;
    if (now !== last) {
      last = now;
      since = Date.now();
    }
    return Date.now() - since >= quietMs ? now : undefined;
  });
}

describe('flow control', () => {
  it('a subscriber that never acks pauses a flood; ack and detach let it go on', async () => {
    const store = new RunStore({ highWater: MiB, lowWater: 256 * 1024 });
    stores.push(store);
    const rssBefore = process.memoryUsage().rss;
    const info = await store.start(step('yes "onramp flow control"'), runner, {}, PTY);
    let received = 0;
    const silent: RunSubscriber = {
      data: (_o, c) => {
        received += c.length;
      },
      gap: () => {},
      exit: () => {},
    };
    store.attach(info.runId, 'silent', silent, 0);

    const stalled = await stalledLength(store, info.runId);
    const rssStalled = process.memoryUsage().rss;
    // Paused within high water (1 Mi) plus what was already in flight (a flush and the pty buffer).
    expect(stalled).toBeGreaterThan(MiB);
    expect(stalled).toBeLessThan(MiB + 512 * 1024);
    expect(received).toBe(stalled);
    expect(rssStalled - rssBefore).toBeLessThan(64 * MiB);

    store.ack(info.runId, 'silent', received);
    await pollFor('the flood to go on after an ack', () => (store.get(info.runId)?.length ?? 0) > stalled + MiB);
    const stalledAgain = await stalledLength(store, info.runId);
    expect(stalledAgain - received).toBeLessThan(MiB + 512 * 1024);

    store.detach(info.runId, 'silent');
    await pollFor(
      'the flood to go on once nobody is attached',
      () => (store.get(info.runId)?.length ?? 0) > stalledAgain + 4 * MiB,
    );
    console.log(
      `[flow] stalled at ${stalled} chars; RSS +${((rssStalled - rssBefore) / MiB).toFixed(1)} MiB while stalled`,
    );
    expect(store.cancel(info.runId)).toBe(true);
  });

  it('by default pauses a silent subscriber past 4 Mi unacknowledged (the window the browser terminal benefits from)', async () => {
    const store = new RunStore();
    stores.push(store);
    const info = await store.start(step('yes "onramp default window"'), runner, {}, PTY);
    let received = 0;
    store.attach(
      info.runId,
      'silent',
      {
        data: (_o, c) => {
          received += c.length;
        },
        gap: () => {},
        exit: () => {},
      },
      0,
    );
    const stalled = await stalledLength(store, info.runId);
    expect(stalled).toBeGreaterThan(4 * MiB);
    expect(stalled).toBeLessThan(4 * MiB + 512 * 1024);
    expect(received).toBe(stalled);
    expect(store.cancel(info.runId)).toBe(true);
  });

  it('a 100 MB flood reaches an acking subscriber complete and in order', async () => {
    const total = 100 * MiB;
    const store = new RunStore();
    stores.push(store);
    const rssStart = process.memoryUsage().rss;
    let peakRss = rssStart;
    const sample = () => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    };
    const sampler = setInterval(sample, 20);
    let count = 0;
    let next = 0;
    let wrongBytes = 0;
    let misplaced = 0;
    let result: RunResult | undefined;
    const info = await store.start(step(`head -c ${total} /dev/zero | tr '\\0' a`), runner, {}, PTY);
    const started = Date.now();
    const sub: RunSubscriber = {
      data(offset, chunk) {
        if (offset !== next) misplaced++;
        next = offset + chunk.length;
        count += chunk.length;
        if (/[^a]/.test(chunk)) wrongBytes++;
        // Ack as a browser would: after the chunk is written, on a later turn of the event loop.
        setImmediate(() => store.ack(info.runId, 'reader', next));
      },
      gap: () => {
        misplaced++;
      },
      exit: (r) => {
        result = r;
      },
    };
    store.attach(info.runId, 'reader', sub, 0);
    try {
      const done = await pollFor('the flood to finish', () => result, { timeoutMs: 170_000, intervalMs: 50 });
      const seconds = (Date.now() - started) / 1000;
      sample();
      expect(done.exitCode).toBe(0);
      expect(count).toBe(total);
      expect(store.get(info.runId)?.length).toBe(total);
      expect(misplaced).toBe(0);
      expect(wrongBytes).toBe(0);
      console.log(
        `[flow] 100 MB flood: ${count} chars in ${seconds.toFixed(2)} s = ${(total / MiB / seconds).toFixed(1)} MB/s; peak RSS ${(peakRss / MiB).toFixed(0)} MiB (${(rssStart / MiB).toFixed(0)} MiB before)`,
      );
    } finally {
      clearInterval(sampler);
    }
  }, 180_000);
});
