// The token itself: its shape, the constant-time comparison and the cookie parser.
import { describe, expect, it } from 'vitest';
import { cookieTokens, generateToken, tokenCookie, tokenMatches } from '../../server/auth/token';

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
  it('sets an HttpOnly, SameSite=Strict cookie for the whole site', () => {
    expect(tokenCookie('abc')).toBe('onramp_token=abc; HttpOnly; SameSite=Strict; Path=/');
  });
  it.each([
    [undefined, []],
    ['', []],
    ['onramp_token=a', ['a']],
    ['x=1; onramp_token=a; y=2', ['a']],
    ['onramp_token=a; onramp_token=b', ['a', 'b']],
    ['xonramp_token=a; onramp_tokenx=b', []],
    ['  onramp_token = a  ', ['a']],
  ])('reads %j as %j', (header, expected) => {
    expect(cookieTokens(header)).toEqual(expected);
  });
});
