// Every auth rule as a table row: Host, Origin, the Bearer token on /api (no cookie, no query token), methods.
import { describe, expect, it } from 'vitest';
import { decideRequest, type AuthRequest } from '../../server/auth/decide-request';

const PORT = 7878;
const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const AUTH = `Bearer ${TOKEN}`;

function req(over: Partial<AuthRequest> & { headers?: AuthRequest['headers'] } = {}): AuthRequest {
  return {
    method: 'GET',
    url: '/api/runs',
    port: PORT,
    token: TOKEN,
    ...over,
    headers: over.headers ?? { host: `127.0.0.1:${PORT}`, authorization: AUTH },
  };
}

describe('Host rule', () => {
  const refused = [
    'attacker.example',
    `attacker.example:${PORT}`,
    `localhost6:${PORT}`,
    `127.1:${PORT}`,
    `0x7f000001:${PORT}`,
    `017700000001:${PORT}`,
    `0.0.0.0:${PORT}`,
    `[::1]:${PORT}`,
    `127.0.0.1:${PORT + 1}`,
    `localhost:${PORT + 1}`,
    '127.0.0.1',
    'localhost',
    `127.0.0.1:${PORT}.evil.example`,
    `LOCALHOST:${PORT}`,
    '',
  ];
  it.each(refused)('refuses Host %j with 403', (host) => {
    const d = decideRequest(req({ headers: { host, authorization: AUTH } }));
    expect(d).toMatchObject({ allow: false, status: 403 });
  });
  it('refuses a missing Host', () => {
    expect(decideRequest(req({ headers: { authorization: AUTH } }))).toMatchObject({ allow: false, status: 403 });
  });
  it('refuses two Host headers even when one is right', () => {
    const d = decideRequest(req({ headers: { host: [`127.0.0.1:${PORT}`, 'attacker.example'], authorization: AUTH } }));
    expect(d).toMatchObject({ allow: false, status: 403 });
  });
  it.each([`127.0.0.1:${PORT}`, `localhost:${PORT}`])('allows Host %j', (host) => {
    expect(decideRequest(req({ headers: { host, authorization: AUTH } }))).toEqual({ allow: true });
  });
});

describe('Origin rule', () => {
  const host = `127.0.0.1:${PORT}`;
  it.each([
    'http://evil.example',
    'null',
    `http://127.0.0.1:${PORT}.evil.example`,
    `http://127.0.0.1:${PORT + 1}`,
    `https://127.0.0.1:${PORT}`,
    `http://localhost:${PORT}`,
    `http://127.0.0.1:${PORT}/`,
    '',
  ])('refuses Origin %j', (origin) => {
    const d = decideRequest(req({ headers: { host, origin, authorization: AUTH } }));
    expect(d).toMatchObject({ allow: false, status: 403 });
  });
  it('refuses two Origin headers', () => {
    const d = decideRequest(
      req({ headers: { host, origin: [`http://${host}`, `http://${host}`], authorization: AUTH } }),
    );
    expect(d).toMatchObject({ allow: false, status: 403 });
  });
  it('allows the Origin of the request Host, for either allowed host name', () => {
    expect(decideRequest(req({ headers: { host, origin: `http://${host}`, authorization: AUTH } }))).toEqual({
      allow: true,
    });
    const lh = `localhost:${PORT}`;
    expect(decideRequest(req({ headers: { host: lh, origin: `http://${lh}`, authorization: AUTH } }))).toEqual({
      allow: true,
    });
  });
});

describe('token', () => {
  const host = `127.0.0.1:${PORT}`;
  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer wrong' }],
    ['an empty token', { authorization: 'Bearer ' }],
    ['a truncated token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['the token without a scheme', { authorization: TOKEN }],
    ['the token under another scheme', { authorization: `Basic ${TOKEN}` }],
    ['two Authorization headers (both right)', { authorization: [AUTH, AUTH] }],
    ['the old cookie with the right token', { cookie: `onramp_token=${TOKEN}` }],
    ['the token under another header', { 'x-onramp-token': TOKEN }],
  ])('/api refuses %s', (_name, extra) => {
    for (const url of ['/api', '/api/runs', '/api/checks?x=1', '/x/../api/runs', '/api/x/../../index.html']) {
      const d = decideRequest(req({ url, headers: { host, ...extra } }));
      expect(d, url).toMatchObject({ allow: false, status: 403 });
    }
  });
  it('/api allows the Bearer token', () => {
    expect(decideRequest(req({ headers: { host, authorization: AUTH } }))).toEqual({ allow: true });
    expect(decideRequest(req({ headers: { host, authorization: `bearer ${TOKEN}` } }))).toEqual({ allow: true });
  });
  it('guide pages and assets need no token (public content), the Host rule still applies', () => {
    for (const url of ['/', '/guide/opam', '/_next/static/x.js', '/apiary', '/search-index.json']) {
      expect(decideRequest(req({ url, headers: { host } })), url).toEqual({ allow: true });
      expect(decideRequest(req({ url, headers: { host: 'attacker.example' } })), url).toMatchObject({
        allow: false,
        status: 403,
      });
    }
  });
  it('the socket.io path needs no HTTP token (the handshake auth payload carries it), the Host rule still applies', () => {
    expect(decideRequest(req({ url: '/socket.io/?EIO=4&transport=websocket', headers: { host } }))).toEqual({
      allow: true,
    });
    expect(
      decideRequest(req({ url: '/socket.io/?EIO=4', headers: { host, origin: 'http://evil.example' } })),
    ).toMatchObject({ allow: false, status: 403 });
  });
  it.each([
    `/?token=${TOKEN}`,
    '/?token=wrong',
    '/?token=',
    `/guide/opam?x=1&token=${TOKEN}`,
    `/?token=${TOKEN}&token=${TOKEN}`,
    `/api/runs?token=${TOKEN}`,
    `/socket.io/?EIO=4&transport=websocket&token=${TOKEN}`,
  ])('refuses a token in the query (%s): it belongs after # and never reaches a server', (url) => {
    const d = decideRequest(req({ url, headers: { host, authorization: AUTH } }));
    expect(d).toMatchObject({ allow: false, status: 403 });
    if (!d.allow) expect(d.reason).toMatch(/after #/);
  });
  it('never names another host (a path that parses as //host)', () => {
    for (const url of ['//evil.example/', '/\\evil.example/']) {
      expect(decideRequest(req({ url, headers: { host } }))).toMatchObject({ allow: false, status: 403 });
    }
  });
  it('refuses an absolute-form request target', () => {
    expect(
      decideRequest(req({ url: 'http://evil.example/api/runs', headers: { host, authorization: AUTH } })),
    ).toMatchObject({ allow: false, status: 403 });
  });
});

describe('methods', () => {
  const host = `127.0.0.1:${PORT}`;
  const others = ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'MKCOL', 'FOO'];
  it.each(['GET', 'HEAD'])('%s is allowed for pages and the API once signed in', (method) => {
    for (const url of ['/', '/guide/opam', '/api/runs', '/_next/static/x.js']) {
      expect(decideRequest(req({ method, url }))).toEqual({ allow: true });
    }
  });
  it('POST is allowed only for socket.io polling', () => {
    expect(decideRequest(req({ method: 'POST', url: '/socket.io/?EIO=4&transport=polling&sid=x' }))).toEqual({
      allow: true,
    });
    expect(decideRequest(req({ method: 'POST', url: '/api/runs' }))).toMatchObject({ allow: false, status: 405 });
    expect(decideRequest(req({ method: 'POST', url: '/' }))).toMatchObject({ allow: false, status: 405 });
  });
  it.each(others)('%s is 405 once signed in, and on pages and socket.io', (method) => {
    expect(decideRequest(req({ method, url: '/api/runs' }))).toMatchObject({ allow: false, status: 405 });
    for (const url of ['/socket.io/?EIO=4', '/', '/guide/opam']) {
      expect(decideRequest(req({ method, url, headers: { host } })), url).toMatchObject({ allow: false, status: 405 });
    }
  });
  it.each([...others, 'GET', 'HEAD', 'POST'])('%s on /api is 403 before signing in', (method) => {
    expect(decideRequest(req({ method, url: '/api/runs', headers: { host } }))).toMatchObject({
      allow: false,
      status: 403,
    });
  });
});
