// One run per step (and per check) at a time: two signed-in socket.io clients start the same step,
// or the same check, at the same instant against a real server running real processes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckMeta } from '../../protocol/check-catalog';
import type { CheckId } from '../../protocol/ids';
import { exitResult } from '../../protocol/socket';
import { createCheckService } from '../../server/checks/service';
import type { CheckDefinition } from '../../server/checks/types';
import { createLocalRunner } from '../../server/runners/local';
import { ok } from '../../protocol/result';
import { pollFor } from '../helpers/poll';
import {
  makeFixtureApp,
  signedInSocket,
  startTestServer,
  type InProcessServer,
  type OnrampClient,
} from '../helpers/server';

let app: ReturnType<typeof makeFixtureApp>;
let server: InProcessServer;
let dir: string;
const sockets: OnrampClient[] = [];

// A check that appends one line to a file per execution (a real process), then takes a second.
const CHECK = 'slow-marker' as CheckId;
const catalog: Record<string, CheckMeta> = {
  [CHECK]: { title: 'Slow marker', stage: 'host', target: 'host', requires: [], required: true, chapter: 'alpha' },
};
const markerFile = () => join(dir, 'executions');
const definitions: Record<string, CheckDefinition> = {
  [CHECK]: {
    id: CHECK as CheckDefinition['id'],
    async run(ctx) {
      await ctx.exec({ argv: ['sh', '-c', 'echo ran >> "$1"; sleep 1', 'sh', markerFile()] });
      return { status: 'passed', found: 'marker written' };
    },
  },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onramp-one-run-'));
  app = makeFixtureApp();
  const runner = createLocalRunner();
  server = await startTestServer({
    appDir: app.appDir,
    checks: createCheckService(() => ok(runner), { catalog, definitions, progressFile: null }),
  });
  for (let i = 0; i < 2; i++) sockets.push(await signedInSocket(server));
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  app?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('one run per step', () => {
  it('two clients starting the same step at the same instant share one run; the second is told it joined', async () => {
    const [a, b] = sockets as [OnrampClient, OnrampClient];
    const before = server.runs.list().filter((r) => r.stepId === 'count-slowly').length;
    const exits: string[] = [];
    b.on('run:exit', (m) => void exits.push(m.runId));
    const [ra, rb] = await Promise.all([
      a.timeout(10_000).emitWithAck('run:start', { stepId: 'count-slowly' }),
      b.timeout(10_000).emitWithAck('run:start', { stepId: 'count-slowly' }),
    ]);
    if (!ra.ok || !rb.ok) throw new Error(`a start was refused: ${JSON.stringify([ra, rb])}`);
    expect(rb.value.runId).toBe(ra.value.runId);
    expect([ra.value.joined === null, rb.value.joined === null].sort()).toEqual([false, true]);
    const joined = ra.value.joined ?? rb.value.joined;
    expect(joined?.ageMs).toBeGreaterThanOrEqual(0);
    expect(server.runs.list().filter((r) => r.stepId === 'count-slowly')).toHaveLength(before + 1);

    // A start while it runs (a third click, seconds later) joins too, and says how long it has run.
    await pollFor('a few ticks', () => (server.runs.get(ra.value.runId)?.length ?? 0) > 40);
    const later = await a.timeout(10_000).emitWithAck('run:start', { stepId: 'count-slowly' });
    expect(later).toMatchObject({ ok: true, value: { runId: ra.value.runId, state: 'running' } });
    expect(later.ok && later.value.joined && later.value.joined.ageMs).toBeGreaterThan(0);
    expect(server.runs.list().filter((r) => r.stepId === 'count-slowly')).toHaveLength(before + 1);

    // Both clients follow the one run to its end; once it has ended, a start starts a new run.
    expect(await a.timeout(5000).emitWithAck('run:cancel', { runId: ra.value.runId })).toEqual({
      ok: true,
      value: null,
    });
    await pollFor('run:exit on the joined client', () => exits.includes(ra.value.runId));
    expect(exitResult(server.runs.get(ra.value.runId))?.canceled).toBe(true);
    const again = await b.timeout(10_000).emitWithAck('run:start', { stepId: 'count-slowly' });
    if (!again.ok) throw new Error(again.error);
    expect(again.value.runId).not.toBe(ra.value.runId);
    expect(again.value.joined).toBeNull();
    await a.timeout(5000).emitWithAck('run:cancel', { runId: again.value.runId });
    await pollFor('the second run to end', () => exitResult(server.runs.get(again.value.runId)));
  });

  it('different steps still run side by side', async () => {
    const [a, b] = sockets as [OnrampClient, OnrampClient];
    const [ra, rb] = await Promise.all([
      a.timeout(10_000).emitWithAck('run:start', { stepId: 'count-slowly' }),
      b.timeout(10_000).emitWithAck('run:start', { stepId: 'echo-hello' }),
    ]);
    if (!ra.ok || !rb.ok) throw new Error('a start was refused');
    expect(ra.value.runId).not.toBe(rb.value.runId);
    expect([ra.value.joined, rb.value.joined]).toEqual([null, null]);
    await a.timeout(5000).emitWithAck('run:cancel', { runId: ra.value.runId });
  });
});

describe('one run per check', () => {
  it('check:run from two clients at the same instant runs the check once and answers both', async () => {
    const [a, b] = sockets as [OnrampClient, OnrampClient];
    const [va, vb] = await Promise.all([
      a.timeout(20_000).emitWithAck('check:run', { checkId: CHECK }),
      b.timeout(20_000).emitWithAck('check:run', { checkId: CHECK }),
    ]);
    expect(va).toEqual({ ok: true, value: { status: 'passed', found: 'marker written' } });
    expect(vb).toEqual(va);
    expect(readFileSync(markerFile(), 'utf8')).toBe('ran\n');

    // Once it has finished, check:run runs it again.
    expect(await b.timeout(20_000).emitWithAck('check:run', { checkId: CHECK })).toEqual(va);
    expect(readFileSync(markerFile(), 'utf8')).toBe('ran\nran\n');
  });
});
