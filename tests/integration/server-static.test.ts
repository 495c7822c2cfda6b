// Static export serving: page routes, assets, content types, caching, 404 page, HEAD, JSON API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureApp, rawRequest, startTestServer, type InProcessServer } from '../helpers/server';

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

const get = (path: string, method = 'GET') =>
  rawRequest(server.port, {
    method,
    path,
    headers: { host: `127.0.0.1:${server.port}`, authorization: server.authorization },
  });

describe('static export', () => {
  it.each([
    ['/', 200, 'text/html; charset=utf-8', 'no-store', 'Onramp fixture'],
    ['/index.html', 200, 'text/html; charset=utf-8', 'no-store', 'Onramp fixture'],
    ['/guide/opam', 200, 'text/html; charset=utf-8', 'no-store', '<h1>opam</h1>'],
    ['/guide/opam?x=1', 200, 'text/html; charset=utf-8', 'no-store', '<h1>opam</h1>'],
    [
      '/_next/static/chunks/app.js',
      200,
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
      'console.log',
    ],
    ['/index.txt', 200, 'text/plain; charset=utf-8', 'no-cache', '"rsc"'],
    ['/guide/nope', 404, 'text/html; charset=utf-8', 'no-store', '404 fixture'],
    ['/_next/static/chunks/missing.js', 404, 'text/html; charset=utf-8', 'no-store', '404 fixture'],
  ])('%s → %i %s (%s)', async (path, status, type, cache, text) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toBe(cache);
    expect(res.body).toContain(text);
  });

  it('HEAD sends the headers of GET without a body', async () => {
    const head = await get('/guide/opam', 'HEAD');
    const full = await get('/guide/opam');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(full.body)));
    expect(head.headers['content-security-policy']).toBe(full.headers['content-security-policy']);
  });
});

describe('API', () => {
  it('/api/health answers { ok: true } when signed in, 403 when not', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body)).toEqual({ ok: true });
    const anon = await rawRequest(server.port, { path: '/api/health', headers: { host: `127.0.0.1:${server.port}` } });
    expect(anon.status).toBe(403);
    expect(anon.body).not.toContain('"ok"');
  });
  it('/api/runs lists the run store; an unknown API path is a JSON 404', async () => {
    expect(JSON.parse((await get('/api/runs')).body)).toEqual(server.runs.list());
    const missing = await get('/api/nope');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false });
  });
});
