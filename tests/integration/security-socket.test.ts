// socket.io handshakes as a hostile page would try them, over WebSocket only (CORS does not
// protect WebSockets) and over long-polling: only the right Origin with the token in the
// handshake's `auth` payload connects (no cookie, old or new, counts), and nothing refused ever
// starts a run.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeFixtureApp,
  openSocket,
  rawRequest,
  signedInSocket,
  startTestServer,
  type InProcessServer,
} from '../helpers/server';
import { pollFor } from '../helpers/poll';

let app: ReturnType<typeof makeFixtureApp>;
let server: InProcessServer;

beforeAll(async () => {
  app = makeFixtureApp();
  server = await startTestServer({ appDir: app.appDir });
});
afterAll(async () => {
  await server?.close();
  app?.cleanup();
});

const hostileOrigins = () => [
  'http://evil.example',
  'null',
  `http://127.0.0.1:${server.port}.evil.example`,
  `http://127.0.0.1:${server.port + 1}`,
  `http://localhost:${server.port}`,
];

async function runsNow(): Promise<unknown[]> {
  const res = await rawRequest(server.port, {
    path: '/api/runs',
    headers: { host: `127.0.0.1:${server.port}`, authorization: server.authorization },
  });
  return JSON.parse(res.body) as unknown[];
}

describe.each(['websocket', 'polling'] as const)('socket.io handshake over %s', (transport) => {
  it('is refused from every hostile Origin, even with the token', async () => {
    for (const origin of hostileOrigins()) {
      const outcome = await openSocket(server.origin, {
        transport,
        headers: { Origin: origin },
        auth: { token: server.token },
      });
      expect(outcome.connected, origin).toBe(false);
    }
  });
  it('is refused without the token, with a wrong one, with the old cookie, and with the token in the URL or a header instead', async () => {
    const o = { Origin: server.origin };
    const attempts: Array<{ headers: Record<string, string>; auth?: Record<string, unknown> }> = [
      { headers: o },
      { headers: o, auth: {} },
      { headers: o, auth: { token: 'wrong' } },
      { headers: o, auth: { token: server.token.slice(0, -1) } },
      { headers: o, auth: { token: [server.token] } },
      { headers: o, auth: { token: { value: server.token } } },
      { headers: { ...o, Cookie: `onramp_token=${server.token}` } },
      { headers: { ...o, Authorization: server.authorization } },
    ];
    for (const { headers, auth } of attempts) {
      const outcome = await openSocket(server.origin, { transport, headers, ...(auth ? { auth } : {}) });
      expect(outcome.connected, JSON.stringify({ headers, auth })).toBe(false);
      if (!outcome.connected) expect(outcome.error).toMatch(/not signed in/);
    }
    const viaQuery = await openSocket(`${server.origin}/?token=${server.token}`, {
      transport,
      headers: { Origin: server.origin },
    });
    expect(viaQuery.connected).toBe(false);
  });
  it('is accepted with the right Origin and the token in auth, and the socket works', async () => {
    const socket = await signedInSocket(server, transport);
    try {
      const res = await socket.timeout(5000).emitWithAck('runs:list');
      expect(res).toMatchObject({ ok: true });
    } finally {
      socket.close();
    }
  });
});

it('socket.io polling responses carry the security headers', async () => {
  const res = await rawRequest(server.port, {
    path: '/socket.io/?EIO=4&transport=polling',
    headers: { host: `127.0.0.1:${server.port}`, origin: server.origin },
  });
  expect(res.status).toBe(200);
  expect(res.headers['set-cookie']).toBeUndefined();
  expect(res.body).toMatch(/^0\{"sid":/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'/);
  expect(res.headers['access-control-allow-origin']).toBeUndefined();
});

describe('raw WebSocket upgrades', () => {
  const upgrade = (headers: Record<string, string>) =>
    new Promise<number>((resolveStatus, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`, { headers });
      ws.on('unexpected-response', (_req, res) => {
        resolveStatus(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.on('open', () => {
        ws.close();
        resolveStatus(101);
      });
      ws.on('error', (err) => reject(err));
    });

  it('is refused for every foreign Host (DNS rebinding), even with a matching Origin', async () => {
    for (const host of [
      'attacker.example',
      `localhost6:${server.port}`,
      `127.1:${server.port}`,
      `0x7f000001:${server.port}`,
      `017700000001:${server.port}`,
      `0.0.0.0:${server.port}`,
    ]) {
      expect(await upgrade({ Host: host, Origin: `http://${host}` }), host).toBe(403);
    }
  });
  it('is refused without Origin check passing and accepted with it', async () => {
    expect(await upgrade({ Origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade({ Origin: server.origin })).toBe(101);
  });
  it('an upgraded connection reaches no handler until its socket.io CONNECT carries the token', async () => {
    // engine.io packet 4 = message, socket.io packet 0 = CONNECT (with the auth payload), 4 = CONNECT_ERROR, 2 = EVENT.
    const exchange = (connectPacket: string) =>
      new Promise<string[]>((resolveAll, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`, {
          headers: { Origin: server.origin, Cookie: `onramp_token=${server.token}` },
        });
        const got: string[] = [];
        ws.on('message', (data: Buffer) => {
          const text = data.toString();
          got.push(text);
          if (text.startsWith('0{')) ws.send(connectPacket);
          // Refused: an event anyway (socket.io closes a connection that sends one unconnected).
          if (text.startsWith('44'))
            ws.send(`420${JSON.stringify(['run:start', { stepId: 'echo-hello', params: {} }])}`);
          if (text.startsWith('40{')) ws.close();
        });
        ws.on('close', () => resolveAll(got));
        ws.on('error', reject);
      });
    const refused = await exchange('40');
    expect(refused.at(-1)).toMatch(/^44\{"message":"not signed in/);
    expect(refused.some((m) => m.startsWith('43'))).toBe(false);
    const wrong = await exchange(`40${JSON.stringify({ token: 'wrong' })}`);
    expect(wrong.at(-1)).toMatch(/^44\{"message":"not signed in/);
    const accepted = await exchange(`40${JSON.stringify({ token: server.token })}`);
    expect(accepted.at(-1)).toMatch(/^40\{"sid":/);
  });
  it('is refused on any path other than /socket.io/', async () => {
    const status = await new Promise<number>((resolveStatus) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/runs`, {
        headers: { Origin: server.origin },
      });
      ws.on('unexpected-response', (_req, res) => resolveStatus(res.statusCode ?? 0));
      ws.on('error', () => resolveStatus(-1));
    });
    expect(status).toBe(403);
  });
});

describe('a known session id does not let a hostile page in', () => {
  it('a polling POST that carries a live sid and a run:start is refused from another Origin', async () => {
    const socket = await signedInSocket(server, 'polling');
    try {
      const sid = await pollFor('the engine.io session id', () => socket.io.engine?.id);
      const packet = `42${JSON.stringify(['run:start', { stepId: 'echo-hello', params: {} }])}`;
      for (const headers of [
        {
          host: `127.0.0.1:${server.port}`,
          origin: 'http://evil.example',
          authorization: server.authorization,
          'content-type': 'text/plain',
        },
        { host: 'attacker.example', authorization: server.authorization, 'content-type': 'text/plain' },
      ]) {
        const res = await rawRequest(server.port, {
          method: 'POST',
          path: `/socket.io/?EIO=4&transport=polling&sid=${sid}`,
          headers,
          body: packet,
        });
        expect(res.status, JSON.stringify(headers)).toBe(403);
      }
      // The sid itself is a 20-character random secret known only to this server and the page's
      // own port; a guessed one is unknown to engine.io.
      const guessed = await rawRequest(server.port, {
        method: 'POST',
        path: `/socket.io/?EIO=4&transport=polling&sid=${sid.slice(0, -1)}x`,
        headers: { host: `127.0.0.1:${server.port}`, origin: server.origin, 'content-type': 'text/plain' },
        body: packet,
      });
      expect(guessed.status).toBe(400);
      expect(await runsNow()).toEqual([]);
    } finally {
      socket.close();
    }
  });
});

it('after every refused request and handshake, no run was started', async () => {
  expect(await runsNow()).toEqual([]);
});
