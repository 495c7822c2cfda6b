// GET /api/runs/<runId>/output through a real in-process server and real ptys: the body is the
// run's output (UTF-8, from any offset, in UTF-16 units as the socket counts), the socket that
// started the run with `output: 'stream'` gets its status but no run:data, a reader that stops
// reading pauses a flood (TCP's flow control reaching the run store), and one that goes away is
// detached so the run goes on. Refusals: no token, a foreign Origin, an unknown run, a bad offset.
// Then the page's own reader of that stream, in Node's fetch() (the same WHATWG API), against it.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../protocol/run-result';
import { readOutputStream } from '../../components/runtime/output-stream';
import { OUTPUT_FROM_HEADER } from '../../protocol/socket';
import { pollFor } from '../helpers/poll';
import {
  makeFixtureApp,
  rawRequest,
  signedInSocket,
  startTestServer,
  type InProcessServer,
  type OnrampClient,
} from '../helpers/server';

let app: ReturnType<typeof makeFixtureApp>;
let server: InProcessServer;
const sockets: OnrampClient[] = [];

beforeAll(async () => {
  app = makeFixtureApp();
  server = await startTestServer({ appDir: app.appDir });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  app?.cleanup();
});

/** Start `stepId` with its output on the HTTP stream; returns the run id, the socket's exits and run:data count. */
async function startStreamed(stepId: string, params: Record<string, string> = {}) {
  const socket = await signedInSocket(server);
  sockets.push(socket);
  const exits = new Map<string, RunResult>();
  let dataEvents = 0;
  socket.on('run:exit', (m) => void exits.set(m.runId, m.result));
  socket.on('run:data', () => void (dataEvents += 1));
  const ack = await socket.timeout(5000).emitWithAck('run:start', { stepId, params, output: 'stream' });
  if (!ack.ok) throw new Error(ack.error);
  return { runId: ack.value.runId, exits, dataEvents: () => dataEvents };
}

const output = (runId: string, query = '', headers: Record<string, string> = {}) =>
  rawRequest(server.port, {
    path: `/api/runs/${runId}/output${query}`,
    headers: { host: `127.0.0.1:${server.port}`, authorization: server.authorization, ...headers },
  });

/** A GET of the output whose response the test reads (or not) itself. */
function openOutput(runId: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/runs/${runId}/output?from=0`,
        headers: { host: `127.0.0.1:${server.port}`, authorization: server.authorization },
        agent: false,
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the output stream', () => {
  it("is the run's whole output, then ends; the socket gets run:exit and no run:data", async () => {
    const run = await startStreamed('echo-param', { message: 'hello stream' });
    const res = await output(run.runId, '?from=0');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers[OUTPUT_FROM_HEADER.toLowerCase()]).toBe('0');
    expect(res.body).toBe('message=[hello stream]\r\n');
    const result = await pollFor('run:exit on the socket', () => run.exits.get(run.runId));
    expect(result).toMatchObject({ exitCode: 0, canceled: false });
    expect(run.dataEvents()).toBe(0);
  });

  it('starts at any offset, counted in UTF-16 code units as run:data counts them, in UTF-8', async () => {
    const message = 'héllo ✓ 𝄞';
    const run = await startStreamed('echo-param', { message });
    await pollFor('the run to exit', () => run.exits.get(run.runId));
    const whole = await output(run.runId);
    expect(whole.body).toBe(`message=[${message}]\r\n`);
    // 'message=[' is 9 code units; 'héllo ✓ ' is 8 more; '𝄞' is a surrogate pair (2 units).
    const tail = await output(run.runId, '?from=17');
    expect(tail.headers[OUTPUT_FROM_HEADER.toLowerCase()]).toBe('17');
    expect(tail.body).toBe('𝄞]\r\n');
    expect(Buffer.byteLength(tail.body)).toBe(7);
    // Past the end: an empty body that says it starts at the end.
    const past = await output(run.runId, '?from=999999');
    expect(past.headers[OUTPUT_FROM_HEADER.toLowerCase()]).toBe(String(whole.body.length));
    expect(past.body).toBe('');
  });

  it('refuses without the token, from a foreign Origin, for an unknown run and for a bad offset, with the reason', async () => {
    const run = await startStreamed('echo-hello');
    await pollFor('the run to exit', () => run.exits.get(run.runId));
    const noToken = await rawRequest(server.port, {
      path: `/api/runs/${run.runId}/output`,
      headers: { host: `127.0.0.1:${server.port}` },
    });
    expect(noToken.status).toBe(403);
    expect(noToken.body).toContain('not signed in');
    const foreign = await output(run.runId, '', { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const unknown = await output('run-zzzzzzzz');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({
      ok: false,
      error: 'no run run-zzzzzzzz: it ended and was forgotten, or the server restarted',
    });
    const bad = await output(run.runId, '?from=-3');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toBe('from must be an output offset (a whole number >= 0), found "-3"');
  });

  it('a reader that stops reading pauses a flood; reading again brings every character', async () => {
    const run = await startStreamed('flood');
    const res = await openOutput(run.runId);
    res.pause();
    // Paused: the run store's 4 Mi window plus what the kernel's socket buffers hold.
    let last = -1;
    let since = Date.now();
    const stalled = await pollFor(
      'the flood to stop growing',
      () => {
        const now = server.runs.get(run.runId)?.length ?? -1;
        if (now !== last) [last, since] = [now, Date.now()];
        return Date.now() - since >= 500 ? now : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(stalled).toBeGreaterThan(0);
    expect(stalled).toBeLessThan(64 * 1024 * 1024);
    expect(server.runs.get(run.runId)?.state).toBe('running');
    let bytes = 0;
    res.on('data', (d: Buffer) => void (bytes += d.length));
    const ended = new Promise<void>((resolve) => res.on('end', resolve));
    res.resume();
    await ended;
    expect(bytes).toBe(101_000_000);
    const result = await pollFor('the flood to exit', () => run.exits.get(run.runId), { timeoutMs: 60_000 });
    expect(result).toMatchObject({ exitCode: 0, canceled: false });
  }, 120_000);

  it('a reader that goes away is detached: the paused flood goes on to its end', async () => {
    const run = await startStreamed('flood');
    const res = await openOutput(run.runId);
    res.pause();
    await pollFor('the flood to pass 4 Mi', () =>
      (server.runs.get(run.runId)?.length ?? 0) > 4 * 1024 * 1024 ? true : undefined,
    );
    res.destroy();
    const result = await pollFor('the flood to exit', () => run.exits.get(run.runId), { timeoutMs: 60_000 });
    expect(result).toMatchObject({ exitCode: 0, canceled: false });
    expect(server.runs.get(run.runId)?.length).toBe(101_000_000);
  }, 120_000);
});

describe("the page's reader (components/runtime/output-stream.ts) against the real server", () => {
  /** A sink that records what it is handed and holds every `parsed` callback until released. */
  function holdingSink() {
    const pieces: Array<{ offset: number; bytes: Uint8Array; chars: number }> = [];
    const held: Array<() => void> = [];
    let chars = 0;
    return {
      sink: {
        output: (offset: number, bytes: Uint8Array, size: number, parsed: () => void) => {
          pieces.push({ offset, bytes, chars: size });
          chars += size;
          held.push(parsed);
        },
      },
      pieces,
      chars: () => chars,
      /** What was handed on, decoded as one stream. */
      text: () => Buffer.concat(pieces.map((p) => p.bytes)).toString('utf8'),
      /** Every piece starts where the one before ended. */
      contiguous: () => pieces.every((p, i) => i === 0 || p.offset === pieces[i - 1]!.offset + pieces[i - 1]!.chars),
      release: () => held.splice(0).forEach((p) => p()),
    };
  }

  it('hands on the output positioned by offset, multi-byte characters whole, and says when it ended', async () => {
    const message = 'héllo ✓ 𝄞';
    const run = await startStreamed('echo-param', { message });
    const s = holdingSink();
    const end = await readOutputStream(
      { runId: run.runId, fromOffset: 9, token: server.token, origin: server.origin },
      s.sink,
      { signal: new AbortController().signal, backlog: 1024 },
    );
    expect(end).toBe('ended');
    expect(s.pieces[0]?.offset).toBe(9);
    expect(s.text()).toBe(`${message}]\r\n`);
    // Counted in UTF-16 units as the server counts ('𝄞' is two), not in bytes.
    expect(s.chars()).toBe(`${message}]\r\n`.length);
  });

  it('stops reading while the terminal holds more than its backlog unparsed; a flood then pauses, and goes on once parsed', async () => {
    const run = await startStreamed('flood');
    const s = holdingSink();
    const backlog = 1024 * 1024;
    const reading = readOutputStream(
      { runId: run.runId, fromOffset: 0, token: server.token, origin: server.origin },
      s.sink,
      { signal: new AbortController().signal, backlog },
    );
    let last = -1;
    let since = Date.now();
    const stalled = await pollFor(
      'the reader to stop taking output',
      () => {
        if (s.chars() !== last) [last, since] = [s.chars(), Date.now()];
        return Date.now() - since >= 500 ? s.chars() : undefined;
      },
      { timeoutMs: 60_000 },
    );
    // One fetch() chunk may overshoot the backlog; never the whole flood.
    expect(stalled).toBeGreaterThan(backlog);
    expect(stalled).toBeLessThan(backlog + 1024 * 1024);
    expect(server.runs.get(run.runId)?.state).toBe('running');
    const releasing = setInterval(s.release, 5);
    try {
      expect(await reading).toBe('ended');
    } finally {
      clearInterval(releasing);
    }
    expect(s.chars()).toBe(101_000_000);
    expect(s.contiguous()).toBe(true);
    const last2 = s.pieces.at(-1)!;
    expect(last2.offset + last2.chars).toBe(101_000_000);
  }, 120_000);

  it('says why when the run is unknown, and "aborted" when the page lets go', async () => {
    const s = holdingSink();
    const unknown = await readOutputStream(
      { runId: 'run-zzzzzzzz', fromOffset: 0, token: server.token, origin: server.origin },
      s.sink,
      { signal: new AbortController().signal, backlog: 1024 },
    );
    expect(unknown).toEqual({
      error: '404: {"ok":false,"error":"no run run-zzzzzzzz: it ended and was forgotten, or the server restarted"}',
    });
    const run = await startStreamed('count-slowly');
    const controller = new AbortController();
    const reading = readOutputStream(
      { runId: run.runId, fromOffset: 0, token: server.token, origin: server.origin },
      s.sink,
      { signal: controller.signal, backlog: 1024 },
    );
    await pollFor('the first tick', () => s.chars() > 0);
    controller.abort();
    expect(await reading).toBe('aborted');
    await socketCancel(run.runId);
  });
});

async function socketCancel(runId: string): Promise<void> {
  const socket = sockets[0]!;
  await socket.timeout(5000).emitWithAck('run:cancel', { runId });
}
