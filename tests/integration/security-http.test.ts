// The HTTP front door against a real server on a free port, attacked the way a hostile web page,
// a DNS-rebinding page or a local client would: Host, token (Bearer on /api, never a cookie),
// methods, CSP, traversal.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURE_SCRIPTS,
  makeFixtureApp,
  rawExchange,
  rawRequest,
  startTestServer,
  type InProcessServer,
} from '../helpers/server';

let app: ReturnType<typeof makeFixtureApp>;
let server: InProcessServer;
let host: string;

beforeAll(async () => {
  app = makeFixtureApp();
  server = await startTestServer({ appDir: app.appDir });
  host = `127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  app?.cleanup();
});

const signedIn = () => ({ host, authorization: server.authorization });

describe('Host header (DNS rebinding)', () => {
  const variants = () => [
    'attacker.example',
    `attacker.example:${server.port}`,
    `localhost6:${server.port}`,
    `127.1:${server.port}`,
    `0x7f000001:${server.port}`,
    `017700000001:${server.port}`,
    `0.0.0.0:${server.port}`,
    `[::1]:${server.port}`,
    `127.0.0.1:${server.port + 1}`,
  ];
  it('refuses every other Host with 403 and a short reason, even with a valid token', async () => {
    for (const h of variants()) {
      for (const path of ['/', '/api/runs']) {
        const res = await rawRequest(server.port, { path, headers: { host: h, authorization: server.authorization } });
        expect(res.status, `${h} ${path}`).toBe(403);
        expect(res.body, h).toMatch(/not allowed/);
        expect(res.body, h).not.toContain('Onramp fixture');
      }
    }
  });
  it('refuses a request with no Host header', async () => {
    const res = await rawRequest(server.port, {
      path: '/api/health',
      headers: { authorization: server.authorization },
    });
    expect(res.status).toBe(403);
  });
  it('refuses a second Host header', async () => {
    const res = await rawExchange(
      server.port,
      `GET /api/health HTTP/1.1\r\nHost: ${host}\r\nHost: attacker.example\r\nAuthorization: ${server.authorization}\r\nConnection: close\r\n\r\n`,
    );
    expect(res.status).toBe(403);
  });
  it('serves 127.0.0.1:<port> and localhost:<port>', async () => {
    for (const h of [host, `localhost:${server.port}`]) {
      const res = await rawRequest(server.port, {
        path: '/',
        headers: { host: h },
      });
      expect(res.status, h).toBe(200);
      expect(res.body).toContain('Onramp fixture');
    }
  });
});

describe('token', () => {
  it('guide pages are public: served without any token (the Host rule still applies)', async () => {
    for (const path of ['/', '/guide/opam']) {
      const res = await rawRequest(server.port, { path, headers: { host } });
      expect(res.status, path).toBe(200);
      expect(res.headers['set-cookie'], path).toBeUndefined();
    }
  });

  it('/api refuses no token, a wrong or truncated token, another scheme, a query token and the old cookie', async () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['/api/health', { host }],
      ['/api/runs', { host }],
      ['/api/runs', { host, authorization: 'Bearer wrong' }],
      ['/api/runs', { host, authorization: `Bearer ${server.token.slice(0, -1)}` }],
      ['/api/runs', { host, authorization: 'Bearer ' }],
      ['/api/runs', { host, authorization: server.token }],
      ['/api/runs', { host, authorization: `Basic ${server.token}` }],
      [`/api/runs?token=${server.token}`, { host }],
      // The cookie of the old design, with the right token, opens nothing any more.
      ['/api/runs', { host, cookie: `onramp_token=${server.token}` }],
      ['/api/checks', { host, cookie: `onramp_token=${server.token}` }],
    ];
    for (const [path, headers] of cases) {
      const res = await rawRequest(server.port, { path, headers });
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body).not.toContain('[');
    }
  });

  it('/api refuses two Authorization headers, even both right', async () => {
    const res = await rawExchange(
      server.port,
      `GET /api/runs HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${server.authorization}\r\nAuthorization: ${server.authorization}\r\nConnection: close\r\n\r\n`,
    );
    expect(res.status).toBe(403);
  });

  it('a raw path that normalises away from /api still needs the token (and the reverse)', async () => {
    for (const path of ['/x/../api/runs', '/api/../api/runs', '/api/x/../../index.html']) {
      const res = await rawExchange(server.port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(res.status, path).toBe(403);
      expect(res.response, path).not.toContain('Onramp fixture');
    }
  });

  it('/api answers with the Bearer token (scheme name in any case), and never sets a cookie', async () => {
    for (const authorization of [server.authorization, `bearer ${server.token}`]) {
      const res = await rawRequest(server.port, { path: '/api/runs', headers: { host, authorization } });
      expect(res.status, authorization.slice(0, 7)).toBe(200);
      expect(JSON.parse(res.body)).toEqual([]);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('a token in the query is refused on every path, right or wrong (it belongs after # in the printed URL)', async () => {
    for (const path of [
      `/?token=${server.token}`,
      `/guide/opam?a=1&token=${server.token}`,
      '/?token=wrong',
      `/?token=${server.token}&token=${server.token}`,
    ]) {
      const res = await rawRequest(server.port, { path, headers: { host } });
      expect(res.status, path).toBe(403);
      expect(res.headers['set-cookie'], path).toBeUndefined();
      expect(res.headers.location, path).toBeUndefined();
      expect(res.body, path).toMatch(/after #/);
    }
  });
});

describe('methods', () => {
  const all = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND'];
  it('every method on /api is 403 before signing in', async () => {
    for (const method of all) {
      const res = await rawRequest(server.port, { method, path: '/api/runs', headers: { host } });
      expect(res.status, method).toBe(403);
    }
    const connect = await rawExchange(server.port, `CONNECT ${host} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    expect(connect.status).toBe(405);
  });
  it('a guide page takes only GET and HEAD, with or without a token', async () => {
    for (const method of all.slice(2)) {
      const res = await rawRequest(server.port, {
        method,
        path: '/',
        headers: { host },
        body: method === 'POST' ? '{}' : '',
      });
      expect(res.status, method).toBe(405);
    }
  });
  it('GET and HEAD are served once signed in; every other method is 405 (POST is only for socket.io)', async () => {
    expect((await rawRequest(server.port, { method: 'GET', path: '/api/runs', headers: signedIn() })).status).toBe(200);
    const head = await rawRequest(server.port, { method: 'HEAD', path: '/', headers: signedIn() });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    for (const method of all.slice(2)) {
      const res = await rawRequest(server.port, {
        method,
        path: '/api/runs',
        headers: signedIn(),
        body: method === 'POST' ? '{}' : '',
      });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
    const connect = await rawExchange(
      server.port,
      `CONNECT ${host} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${server.authorization}\r\n\r\n`,
    );
    expect(connect.status).toBe(405);
  });
  it('POST outside socket.io is 405 even when the path normalises to /socket.io/', async () => {
    const res = await rawExchange(
      server.port,
      `POST /x/../socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${server.authorization}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(res.status).toBe(405);
  });
});

describe('headers', () => {
  const sha = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

  it('each HTML page gets an enforced CSP whose hashes are exactly its inline scripts', async () => {
    for (const [path, scripts] of [
      ['/', FIXTURE_SCRIPTS.index],
      ['/guide/opam', FIXTURE_SCRIPTS.opam],
    ] as const) {
      const res = await rawRequest(server.port, { path, headers: signedIn() });
      const csp = String(res.headers['content-security-policy']);
      expect(res.headers['content-security-policy-report-only']).toBeUndefined();
      const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src ')) ?? '';
      expect(scriptSrc.split(' ').slice(2).sort()).toEqual(scripts.map(sha).sort());
      for (const s of scripts) expect(res.body).toContain(`<script${path === '/' ? '' : ' id="_R_"'}>${s}</script>`);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
    }
  });

  it('security headers are on pages, assets, the API and refusals alike', async () => {
    const responses = [
      await rawRequest(server.port, { path: '/', headers: signedIn() }),
      await rawRequest(server.port, { path: '/_next/static/chunks/app.js', headers: signedIn() }),
      await rawRequest(server.port, { path: '/api/health', headers: signedIn() }),
      await rawRequest(server.port, { path: `/?token=${server.token}`, headers: { host } }),
      await rawRequest(server.port, { path: '/', headers: { host: 'attacker.example' } }),
      await rawRequest(server.port, { method: 'PUT', path: '/', headers: signedIn() }),
    ];
    for (const res of responses) {
      expect(res.headers['content-security-policy'], String(res.status)).toMatch(
        /^default-src 'self'; script-src 'self'/,
      );
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    }
  });
});

describe('path traversal', () => {
  const attempts = [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/guide/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/index.html%00.txt',
    '/.sources-hash',
    '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  ];
  it('never serves a file outside the app dir (or a dot file), in any encoding', async () => {
    for (const path of attempts) {
      const res = await rawExchange(server.port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(res.response, path).not.toContain('TOP-SECRET');
      expect(res.response, path).not.toContain('root:x:0:0');
      expect(res.response, path).not.toContain('hidden');
      expect([400, 403, 404], path).toContain(res.status);
    }
  });
});
