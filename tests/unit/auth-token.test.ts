// The token itself: its shape, the constant-time comparison, the Bearer parser and the socket auth payload.
import { describe, expect, it } from 'vitest';
import { bearerToken, generateToken, socketAuthOk, tokenMatches } from '../../server/auth/token';

describe('token', () => {
  it('is 32 random bytes in base64url (43 characters), different every time', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });
  it('matches only the exact token, whatever the lengths', () => {
    const t = generateToken();
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(`${t}x`, t)).toBe(false);
    expect(tokenMatches(t.slice(1), t)).toBe(false);
    expect(tokenMatches('', t)).toBe(false);
    expect(tokenMatches(t.toUpperCase(), t)).toBe(t === t.toUpperCase());
  });
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['BEARER  abc ', 'abc'],
    ['Bearer', undefined],
    ['Bearer ', undefined],
    ['Bearer a b', undefined],
    ['Basic abc', undefined],
    ['abc', undefined],
    ['onramp_token=abc', undefined],
  ])('reads Authorization %j as %j', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
  it('accepts a socket auth payload only when its token is the exact string', () => {
    const t = generateToken();
    expect(socketAuthOk({ token: t }, t)).toBe(true);
    for (const auth of [undefined, null, t, {}, { token: 'x' }, { token: [t] }, { token: { t } }, { Token: t }]) {
      expect(socketAuthOk(auth, t), JSON.stringify(auth)).toBe(false);
    }
  });
});
