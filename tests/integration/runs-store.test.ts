// The run store with the real local runner: results, cancel, replay without gap or duplicate,
// identical output for two subscribers, gaps once the buffer dropped output, retention, dispose.
import { afterEach, describe, expect, it } from 'vitest';
import type { StepId } from '../../protocol/ids';
import type { RunResult } from '../../protocol/run-result';
import type { StepDecl } from '../../protocol/steps';
import { exitResult } from '../../protocol/socket';
import { createLocalRunner } from '../../server/runners/local';
import type { TargetRunner } from '../../server/runners/types';
import { RunStore } from '../../server/runs/run-store';
import type { RunSubscriber } from '../../server/socket/run-store-port';
import { pollFor } from '../helpers/poll';

const runner = createLocalRunner();
const PTY = { cols: 120, rows: 30 };
const stores: RunStore[] = [];

function newStore(opts: ConstructorParameters<typeof RunStore>[0] = {}): RunStore {
  const store = new RunStore(opts);
  stores.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.dispose()));
});

function step(command: string, extra: { timeoutSec?: number } = {}): StepDecl {
  return {
    id: 'playground-test' as StepId,
    target: 'host',
    command,
    lang: 'sh',
    params: [],
    root: false,
    chapter: 'playground',
    at: { file: 'runs-store.test.ts', line: 1 },
    ...extra,
  };
}

/** A subscriber that records output and checks each chunk starts where the previous ended. */
function recorder() {
  const rec = {
    out: '',
    first: undefined as number | undefined,
    next: undefined as number | undefined,
    gaps: [] as [number, number][],
    misplaced: [] as string[],
    result: undefined as RunResult | undefined,
  };
  const sub: RunSubscriber = {
    data(offset, chunk) {
      if (rec.next !== undefined && offset !== rec.next) rec.misplaced.push(`chunk at ${offset}, expected ${rec.next}`);
      rec.first ??= offset;
      rec.out += chunk;
      rec.next = offset + chunk.length;
    },
    gap(from, to) {
      rec.gaps.push([from, to]);
      rec.next = to;
    },
    exit(result) {
      rec.result = result;
    },
  };
  return { rec, sub };
}

const linesText = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}\r\n`).join('');

describe('run store', () => {
  it('runs sh -c with the step env and reports exit code 3 with the output', async () => {
    const store = newStore();
    const info = await store.start(step('echo "dir=$ONRAMP_DIR"; exit 3'), runner, { ONRAMP_DIR: '/tmp/a b' }, PTY);
    expect(info.runId).toMatch(/^run-[A-Za-z0-9_-]{16}$/);
    expect(info.state).toBe('running');
    const { rec, sub } = recorder();
    store.attach(info.runId, 'a', sub, 0);
    const result = await pollFor('exit', () => rec.result);
    expect(result.exitCode).toBe(3);
    expect(rec.out).toBe('dir=/tmp/a b\r\n');
    expect(store.get(info.runId)).toMatchObject({ state: 'exited', length: rec.out.length, result: { exitCode: 3 } });
  });

  it('reports a step killed by SIGTERM, and a step past its timeout', async () => {
    const store = newStore();
    const killed = await store.start(step('kill -TERM $$'), runner, {}, PTY);
    const slow = await store.start(step('sleep 30', { timeoutSec: 0.3 }), runner, {}, PTY);
    const r1 = await pollFor('signal exit', () => exitResult(store.get(killed.runId)));
    const r2 = await pollFor('timeout', () => exitResult(store.get(slow.runId)));
    expect(r1).toMatchObject({ signal: 'SIGTERM', exitCode: null });
    expect(r2.timedOut).toBe(true);
  });

  it('cancels a running step once, and says false for a finished or unknown one', async () => {
    const store = newStore();
    const info = await store.start(step('sleep 1000'), runner, {}, PTY);
    expect(store.cancel(info.runId)).toBe(true);
    const result = await pollFor('cancel', () => exitResult(store.get(info.runId)), { timeoutMs: 2000 });
    expect(result.canceled).toBe(true);
    expect(store.cancel(info.runId)).toBe(false);
    expect(store.cancel('run-AAAAAAAAAAAAAAAA' as never)).toBe(false);
    expect(store.attach('run-AAAAAAAAAAAAAAAA' as never, 'x', recorder().sub, 0)).toBeUndefined();
  });

  it('replays from 0 mid-run and continues from a reconnect offset: no gap, no duplicate', async () => {
    const store = newStore();
    const info = await store.start(
      step('for i in $(seq 1 300); do echo "line $i"; sleep 0.004; done'),
      runner,
      {},
      PTY,
    );
    await pollFor('some output', () => (store.get(info.runId)?.length ?? 0) > 300);
    const a = recorder();
    store.attach(info.runId, 'a', a.sub, 0);
    expect(a.rec.out.length).toBeGreaterThan(300);
    await pollFor('live output to A', () => a.rec.out.split('\n').length > 100);
    store.detach(info.runId, 'a');
    const aEnd = a.rec.out.length;
    await pollFor('output while nobody is attached', () => (store.get(info.runId)?.length ?? 0) > aEnd + 200);
    const b = recorder();
    store.attach(info.runId, 'b', b.sub, aEnd);
    const current = store.get(info.runId)?.length ?? 0;
    const d = recorder();
    store.attach(info.runId, 'd', d.sub, current);
    await pollFor('exit', () => b.rec.result);
    const full = recorder();
    store.attach(info.runId, 'full', full.sub, 0);
    expect(full.rec.out).toBe(linesText(300, 'line '));
    expect(b.rec.first).toBe(aEnd);
    expect(a.rec.out + b.rec.out).toBe(full.rec.out);
    expect(d.rec.out).toBe(full.rec.out.slice(current));
    for (const r of [a, b, d, full]) expect(r.rec.misplaced).toEqual([]);
    expect(b.rec.gaps).toEqual([]);
  });

  it('gives two subscribers identical output', async () => {
    const store = newStore();
    const info = await store.start(step('sleep 0.1; seq 1 30000'), runner, {}, PTY);
    const one = recorder();
    const two = recorder();
    store.attach(info.runId, 'one', one.sub, 0);
    store.attach(info.runId, 'two', two.sub, 0);
    await pollFor('both exits', () => one.rec.result && two.rec.result);
    expect(one.rec.out).toBe(linesText(30000));
    expect(two.rec.out).toBe(one.rec.out);
  });

  it('reports a gap to a late attacher once old output was dropped, then the exact tail', async () => {
    const store = newStore({ replayLimit: 16 * 1024 });
    const info = await store.start(step('seq 1 40000'), runner, {}, PTY);
    await pollFor('exit', () => exitResult(store.get(info.runId)));
    const late = recorder();
    store.attach(info.runId, 'late', late.sub, 0);
    const expected = linesText(40000);
    const [gap] = late.rec.gaps;
    expect(gap?.[0]).toBe(0);
    const bufferStart = gap?.[1] ?? 0;
    expect(bufferStart).toBeGreaterThan(0);
    expect(expected.length - bufferStart).toBeLessThanOrEqual(16 * 1024);
    expect(late.rec.out).toBe(expected.slice(bufferStart));
    expect(late.rec.result?.exitCode).toBe(0);
  });

  it('a subscriber that holds (data() returns false) gets nothing more until released, then the rest and the exit, though the run ended meanwhile', async () => {
    const store = newStore();
    const info = await store.start(step('seq 1 60000'), runner, {}, PTY);
    const { rec, sub } = recorder();
    let hold = true;
    store.attach(info.runId, 'slow', { ...sub, data: (o, c) => (sub.data(o, c), !hold) }, 0);
    await pollFor('the run to end', () => store.get(info.runId)?.state === 'exited');
    // 340 KB of output: more than one flush (128 Ki each). Held after its first chunk: the run ended, the subscriber has part of the output and no exit.
    const total = store.get(info.runId)!.length;
    expect(rec.out.length).toBeGreaterThan(0);
    expect(rec.out.length).toBeLessThan(total);
    expect(rec.result).toBeUndefined();
    hold = false;
    store.release(info.runId, 'slow');
    expect(rec.out).toBe(linesText(60000));
    expect(rec.misplaced).toEqual([]);
    expect(rec.result).toMatchObject({ exitCode: 0 });
  });

  it('keeps only the newest finished runs', async () => {
    const store = newStore({ keepFinished: 2 });
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const info = await store.start(step(`echo ${n}`), runner, {}, PTY);
      ids.push(info.runId);
      await pollFor(`run ${n} to exit`, () => exitResult(store.get(info.runId)));
    }
    await pollFor('the oldest to be forgotten', () => store.list().length === 2);
    expect(store.get(ids[0] as never)).toBeUndefined();
    expect(store.list().map((r) => r.runId)).toEqual(ids.slice(1));
  });

  it('records a run that could not start as exited with the error', async () => {
    // Stand-in for a dom0 that cannot be reached (no Xen host here): its spawnPty rejects.
    const unreachable: TargetRunner = {
      kind: 'dom0',
      exec: () => Promise.reject(new Error('unused')),
      spawnPty: () => Promise.reject(new Error('ssh: connect to 127.0.0.1 port 1: connection refused')),
    };
    const store = newStore();
    const info = await store.start(step('true'), unreachable, {}, PTY);
    expect(info.state).toBe('exited');
    expect(exitResult(info)?.error).toBe(
      'could not start step playground-test on dom0: ssh: connect to 127.0.0.1 port 1: connection refused',
    );
    const late = recorder();
    store.attach(info.runId, 'x', late.sub, 0);
    expect(late.rec.result?.error).toContain('connection refused');
  });

  it('dispose cancels every running step and waits for them', async () => {
    const store = new RunStore();
    const a = await store.start(step('sleep 1000'), runner, {}, PTY);
    const b = await store.start(step('trap "" TERM HUP; sleep 1000'), runner, {}, PTY);
    await store.dispose();
    expect(exitResult(store.get(a.runId))?.canceled).toBe(true);
    expect(exitResult(store.get(b.runId))?.canceled).toBe(true);
  });
});
