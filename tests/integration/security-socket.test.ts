// socket.io handshakes as a hostile page would try them, over WebSocket only (CORS does not
// protect WebSockets) and over long-polling: only the right Origin with the cookie connects,
// and nothing refused ever starts a run.
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
    headers: { host: `127.0.0.1:${server.port}`, cookie: server.cookie },
  });
  return JSON.parse(res.body) as unknown[];
}

describe.each(['websocket', 'polling'] as const)('socket.io handshake over %s', (transport) => {
  it('is refused from every hostile Origin, even with the cookie', async () => {
    for (const origin of hostileOrigins()) {
      const outcome = await openSocket(server.origin, {
        transport,
        headers: { Origin: origin, Cookie: server.cookie },
      });
      expect(outcome.connected, origin).toBe(false);
    }
  });
  it('is refused without the cookie, with a wrong cookie, and with the token in the URL instead', async () => {
    for (const headers of [{ Origin: server.origin }, { Origin: server.origin, Cookie: 'onramp_token=wrong' }]) {
      expect((await openSocket(server.origin, { transport, headers })).connected).toBe(false);
    }
    const viaQuery = await openSocket(`${server.origin}/?token=${server.token}`, {
      transport,
      headers: { Origin: server.origin },
    });
    expect(viaQuery.connected).toBe(false);
  });
  it('is accepted with the right Origin and the cookie, and the socket works', async () => {
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
    headers: { host: `127.0.0.1:${server.port}`, origin: server.origin, cookie: server.cookie },
  });
  expect(res.status).toBe(200);
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

  it('is refused for every foreign Host (DNS rebinding), even with the cookie and a matching Origin', async () => {
    for (const host of [
      'attacker.example',
      `localhost6:${server.port}`,
      `127.1:${server.port}`,
      `0x7f000001:${server.port}`,
      `017700000001:${server.port}`,
      `0.0.0.0:${server.port}`,
    ]) {
      expect(await upgrade({ Host: host, Origin: `http://${host}`, Cookie: server.cookie }), host).toBe(403);
    }
  });
  it('is refused without Origin check passing and accepted with it', async () => {
    expect(await upgrade({ Origin: 'http://evil.example', Cookie: server.cookie })).toBe(403);
    expect(await upgrade({ Origin: server.origin })).toBe(403);
    expect(await upgrade({ Origin: server.origin, Cookie: server.cookie })).toBe(101);
  });
  it('is refused on any path other than /socket.io/', async () => {
    const status = await new Promise<number>((resolveStatus) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/runs`, {
        headers: { Origin: server.origin, Cookie: server.cookie },
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
          cookie: server.cookie,
          'content-type': 'text/plain',
        },
        { host: `127.0.0.1:${server.port}`, origin: server.origin, 'content-type': 'text/plain' },
        { host: 'attacker.example', cookie: server.cookie, 'content-type': 'text/plain' },
      ]) {
        const res = await rawRequest(server.port, {
          method: 'POST',
          path: `/socket.io/?EIO=4&transport=polling&sid=${sid}`,
          headers,
          body: packet,
        });
        expect(res.status, JSON.stringify(headers)).toBe(403);
      }
      expect(await runsNow()).toEqual([]);
    } finally {
      socket.close();
    }
  });
});

it('after every refused request and handshake, no run was started', async () => {
  expect(await runsNow()).toEqual([]);
});
