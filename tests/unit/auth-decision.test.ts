// Every auth rule as a table row: Host, Origin, token (query and cookie), methods, redirect.
import { describe, expect, it } from 'vitest';
import { decideRequest, type AuthRequest } from '../../server/auth/decide-request';

const PORT = 7878;
const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const COOKIE = `onramp_token=${TOKEN}`;

function req(over: Partial<AuthRequest> & { headers?: AuthRequest['headers'] } = {}): AuthRequest {
  return {
    method: 'GET',
    url: '/',
    port: PORT,
    token: TOKEN,
    ...over,
    headers: over.headers ?? { host: `127.0.0.1:${PORT}`, cookie: COOKIE },
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
    const d = decideRequest(req({ headers: { host, cookie: COOKIE } }));
    expect(d).toMatchObject({ allow: false, status: 403 });
  });
  it('refuses a missing Host', () => {
    expect(decideRequest(req({ headers: { cookie: COOKIE } }))).toMatchObject({ allow: false, status: 403 });
  });
  it('refuses two Host headers even when one is right', () => {
    const d = decideRequest(req({ headers: { host: [`127.0.0.1:${PORT}`, 'attacker.example'], cookie: COOKIE } }));
    expect(d).toMatchObject({ allow: false, status: 403 });
  });
  it.each([`127.0.0.1:${PORT}`, `localhost:${PORT}`])('allows Host %j', (host) => {
    expect(decideRequest(req({ headers: { host, cookie: COOKIE } }))).toEqual({ allow: true });
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
    const d = decideRequest(req({ headers: { host, origin, cookie: COOKIE } }));
    expect(d).toMatchObject({ allow: false, status: 403 });
  });
  it('refuses two Origin headers', () => {
    const d = decideRequest(req({ headers: { host, origin: [`http://${host}`, `http://${host}`], cookie: COOKIE } }));
    expect(d).toMatchObject({ allow: false, status: 403 });
  });
  it('allows the Origin of the request Host, for either allowed host name', () => {
    expect(decideRequest(req({ headers: { host, origin: `http://${host}`, cookie: COOKIE } }))).toEqual({
      allow: true,
    });
    const lh = `localhost:${PORT}`;
    expect(decideRequest(req({ headers: { host: lh, origin: `http://${lh}`, cookie: COOKIE } }))).toEqual({
      allow: true,
    });
  });
});

describe('token', () => {
  const host = `127.0.0.1:${PORT}`;
  it.each([
    ['no cookie, no token', {}, '/'],
    ['a wrong cookie', { cookie: 'onramp_token=wrong' }, '/'],
    ['an empty cookie', { cookie: 'onramp_token=' }, '/'],
    ['the token under another cookie name', { cookie: `other=${TOKEN}` }, '/'],
    ['a wrong query token', {}, '/?token=wrong'],
    ['an empty query token', {}, '/?token='],
    ['a truncated query token', {}, `/?token=${TOKEN.slice(0, -1)}`],
    ['a repeated query token (both right)', {}, `/?token=${TOKEN}&token=${TOKEN}`],
    ['a repeated query token (right then wrong)', {}, `/?token=${TOKEN}&token=x`],
    ['a repeated query token even with a valid cookie', { cookie: COOKIE }, `/?token=${TOKEN}&token=${TOKEN}`],
    ['a wrong query token even with a valid cookie', { cookie: COOKIE }, '/?token=wrong'],
  ])('refuses %s', (_name, extra, url) => {
    const d = decideRequest(req({ url, headers: { host, ...extra } }));
    expect(d).toMatchObject({ allow: false, status: 403 });
  });

  it('a valid query token on GET sets an HttpOnly SameSite=Strict cookie and redirects without the token', () => {
    const d = decideRequest(req({ url: `/guide/opam?x=1&token=${TOKEN}&y=2`, headers: { host } }));
    expect(d).toEqual({
      allow: true,
      setCookie: `onramp_token=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`,
      redirect: '/guide/opam?x=1&y=2',
    });
  });
  it('the redirect of the bare sign-in URL is /', () => {
    expect(decideRequest(req({ url: `/?token=${TOKEN}`, headers: { host } }))).toMatchObject({
      allow: true,
      redirect: '/',
    });
  });
  it('never redirects to another site (a path that parses as //host)', () => {
    for (const url of [`//evil.example/?token=${TOKEN}`, `/\\evil.example/?token=${TOKEN}`]) {
      expect(decideRequest(req({ url, headers: { host } }))).toMatchObject({ allow: false, status: 403 });
    }
  });
  it('refuses a query token on POST and on the socket.io path (the cookie is required there)', () => {
    expect(
      decideRequest(req({ method: 'POST', url: `/socket.io/?EIO=4&token=${TOKEN}`, headers: { host } })),
    ).toMatchObject({ allow: false, status: 403 });
    expect(
      decideRequest(req({ url: `/socket.io/?EIO=4&transport=websocket&token=${TOKEN}`, headers: { host } })),
    ).toMatchObject({ allow: false, status: 403 });
  });
  it('accepts the cookie among other cookies', () => {
    expect(decideRequest(req({ headers: { host, cookie: `a=1; ${COOKIE}; b=2` } }))).toEqual({ allow: true });
  });
  it('refuses an absolute-form request target', () => {
    expect(
      decideRequest(req({ url: `http://evil.example/?token=${TOKEN}`, headers: { host, cookie: COOKIE } })),
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
  it.each(others)('%s is 405 once signed in', (method) => {
    expect(decideRequest(req({ method, url: '/api/runs' }))).toMatchObject({ allow: false, status: 405 });
    expect(decideRequest(req({ method, url: '/socket.io/?EIO=4' }))).toMatchObject({ allow: false, status: 405 });
  });
  it.each([...others, 'GET', 'HEAD', 'POST'])('%s is 403 before signing in', (method) => {
    expect(decideRequest(req({ method, url: '/socket.io/?EIO=4', headers: { host } }))).toMatchObject({
      allow: false,
      status: 403,
    });
  });
});
