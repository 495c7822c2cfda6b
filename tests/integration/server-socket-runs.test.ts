// End to end through a real signed-in socket: playground steps run in a real pty via the run
// store; replay, detach-on-disconnect, cancel, bad payloads, message size, checks, dom0.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunInfo } from '../../protocol/socket';
import { VerdictSchema } from '../../protocol/verdict';
import { pollFor } from '../helpers/poll';
import {
  makeFixtureApp,
  PLAYGROUND_DIR,
  rawRequest,
  runStepToExit,
  signedInSocket,
  startTestServer,
  type InProcessServer,
  type OnrampClient,
  untrusted,
} from '../helpers/server';

let app: ReturnType<typeof makeFixtureApp>;
let server: InProcessServer;
const sockets: OnrampClient[] = [];
const open = async () => {
  const s = await signedInSocket(server);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  app = makeFixtureApp();
  server = await startTestServer({ appDir: app.appDir });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  app?.cleanup();
});

function collect(socket: OnrampClient) {
  const data: Array<{ runId: string; offset: number; data: string }> = [];
  const exits: Array<{ runId: string; canceled: boolean }> = [];
  socket.on('run:data', (m) => void data.push(m));
  socket.on('run:exit', (m) => void exits.push({ runId: m.runId, canceled: m.result.canceled }));
  const text = (runId: string) =>
    data
      .filter((d) => d.runId === runId)
      .map((d) => d.data)
      .join('');
  return { data, exits, text };
}

describe('running a step', () => {
  it('echo-param runs with its parameter and is listed in /api/runs', async () => {
    const socket = await open();
    const out = await runStepToExit(socket, 'echo-param', { message: 'hello world' });
    expect(out.ack).toMatchObject({ ok: true, value: { stepId: 'echo-param' } });
    expect(out.output).toContain('message=[hello world]');
    expect(out.result).toMatchObject({ exitCode: 0, canceled: false, timedOut: false });
    const res = await rawRequest(server.port, {
      path: '/api/runs',
      headers: { host: `127.0.0.1:${server.port}`, authorization: server.authorization },
    });
    const runs = JSON.parse(res.body) as RunInfo[];
    expect(runs.find((r) => out.ack.ok && r.runId === out.ack.value.runId)).toMatchObject({
      state: 'exited',
      result: { exitCode: 0 },
    });
  });

  it('a run outlives its socket; another socket replays it from 0 and from an offset, then cancels it', async () => {
    const first = await open();
    const ack = await first.timeout(5000).emitWithAck('run:start', { stepId: 'count-slowly', params: {} });
    if (!ack.ok) throw new Error(ack.error);
    const runId = ack.value.runId;
    await pollFor('a few ticks', () => (server.runs.get(runId)?.length ?? 0) > 40);
    first.close();
    const lengthAtClose = server.runs.get(runId)?.length ?? 0;
    await pollFor(
      'the run to go on after its socket closed',
      () => (server.runs.get(runId)?.length ?? 0) > lengthAtClose + 20,
    );

    const second = await open();
    const seen = collect(second);
    const attached = await second.timeout(5000).emitWithAck('run:attach', { runId, fromOffset: 0 });
    expect(attached).toMatchObject({ ok: true, value: { runId, state: 'running' } });
    await pollFor('the replay', () => seen.text(runId).includes('tick 3'));
    expect(seen.text(runId).startsWith('tick 1\r\n')).toBe(true);

    const third = await open();
    const fromMiddle = collect(third);
    await third.timeout(5000).emitWithAck('run:attach', { runId, fromOffset: 8 });
    await pollFor('replay from offset 8', () => fromMiddle.data.find((d) => d.runId === runId));
    expect(fromMiddle.data[0]?.offset).toBe(8);
    expect(fromMiddle.text(runId).startsWith('tick 2\r\n')).toBe(true);

    expect(await second.timeout(5000).emitWithAck('run:cancel', { runId })).toEqual({ ok: true, value: null });
    await pollFor(
      'run:exit canceled on both sockets',
      () => seen.exits.some((e) => e.runId === runId && e.canceled) && fromMiddle.exits.some((e) => e.runId === runId),
    );
    expect(server.runs.get(runId)?.state).toBe('exited');
    expect(await second.timeout(5000).emitWithAck('run:cancel', { runId })).toMatchObject({ ok: false });
  });
});

describe('bad payloads get { ok: false } and change nothing', () => {
  it('on every event with an acknowledgement', async () => {
    const socket = await open();
    const before = server.runs.list().length;
    const bad: Array<[string, unknown]> = [
      ['run:attach', { runId: 'nope' }],
      ['run:attach', { runId: 'run-doesnotexist', fromOffset: -1 }],
      ['run:attach', { runId: 'run-doesnotexist' }],
      ['run:cancel', {}],
      ['run:cancel', { runId: 'run-doesnotexist' }],
      ['run:start', {}],
      ['check:run', { checkId: 'Not An Id' }],
      ['check:run', { checkId: 'opam-version', extra: 1 }],
      ['checks:run-all', { stage: 5 }],
    ];
    for (const [event, payload] of bad) {
      const res = (await untrusted(socket)
        .timeout(5000)
        .emitWithAck(event as 'run:attach', payload)) as {
        ok: boolean;
        error?: string;
      };
      expect(res.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      expect(res.error).toBeTruthy();
    }
    for (const [event, payload] of [
      ['run:resize', { runId: 'run-doesnotexist', cols: 0, rows: 1e9 }],
      ['run:ack', { runId: 'x', offset: -5 }],
      ['run:detach', 42],
    ] as const) {
      untrusted(socket).emit(event as 'run:resize', payload);
    }
    expect(await socket.timeout(5000).emitWithAck('runs:list')).toMatchObject({ ok: true });
    expect(server.runs.list().length).toBe(before);
  });

  it('a message over 64 KiB closes the socket and starts nothing', async () => {
    const socket = await open();
    const before = server.runs.list().length;
    const closed = new Promise<string>((r) => socket.once('disconnect', (reason) => r(reason)));
    socket.emit('run:start', { stepId: 'echo-param', params: { message: 'x'.repeat(100 * 1024) } }, () => {});
    expect(await closed).toMatch(/transport/);
    expect(server.runs.list().length).toBe(before);
  });
});

describe('checks and dom0', () => {
  let other: InProcessServer;
  let contentDir: string;

  beforeAll(async () => {
    contentDir = mkdtempSync(join(tmpdir(), 'onramp-dom0-content-'));
    writeFileSync(
      join(contentDir, 'dom0-steps.mdx'),
      '---\ntitle: Dom0 steps\norder: 91\nstage: reference\nsummary: A dom0 step for the server tests.\n---\n\n# Dom0 steps\n\n<Step id="xl-list-test" target="dom0">\n```sh\nxl list\n```\n</Step>\n',
    );
    other = await startTestServer({ appDir: app.appDir, contentDirs: [PLAYGROUND_DIR, contentDir] });
  });
  afterAll(async () => {
    await other?.close();
    rmSync(contentDir, { recursive: true, force: true });
  });

  it('a dom0 step without SSH settings is refused with the fix, and nothing runs', async () => {
    const socket = await signedInSocket(other);
    try {
      const res = await socket.timeout(5000).emitWithAck('run:start', { stepId: 'xl-list-test', params: {} });
      expect(res).toEqual({ ok: false, error: expect.stringContaining('dom0 is not configured: open Settings') });
      expect(other.runs.list()).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it('check:run (the real check service) emits check:status and check:result to every tab and acknowledges the verdict', async () => {
    const a = await signedInSocket(other);
    const b = await signedInSocket(other);
    try {
      const heard: string[] = [];
      b.on('check:status', (m) => void heard.push(`status ${m.checkId} ${m.state}`));
      b.on('check:result', (m) => {
        expect(VerdictSchema.safeParse(m.verdict).success).toBe(true);
        heard.push(`result ${m.checkId}`);
      });
      const res = await a.timeout(30_000).emitWithAck('check:run', { checkId: 'host-platform' });
      expect(res.ok).toBe(true);
      if (res.ok) expect(VerdictSchema.parse(res.value).status).toMatch(/^(passed|failed|warning)$/);
      await pollFor('status and result on the other tab', () => heard.includes('result host-platform'));
      expect(heard.slice(0, 2)).toEqual(['status host-platform running', 'result host-platform']);

      const all = await a.timeout(30_000).emitWithAck('checks:run-all', { stage: 'host' });
      expect(all).toEqual({ ok: true, value: null });
      await pollFor(
        'the run-all result on the other tab',
        () => heard.filter((h) => h === 'result host-platform').length === 2,
      );
      // Run all announces each check's start to every tab too, before its result.
      expect(heard.slice(2)).toEqual(['status host-platform running', 'result host-platform']);

      expect(await a.timeout(5000).emitWithAck('check:run', { checkId: 'no-such-check' })).toEqual({
        ok: false,
        error: expect.stringContaining('unknown check "no-such-check"'),
      });
      expect(await a.timeout(5000).emitWithAck('checks:run-all', { stage: 'no-such-stage' })).toEqual({
        ok: false,
        error: expect.stringContaining('unknown stage'),
      });
    } finally {
      a.close();
      b.close();
    }
  });
});
