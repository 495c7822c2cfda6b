// The session token: 32 random bytes printed once in the start-up URL, then kept in a cookie.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_COOKIE = 'onramp_token';

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison: both sides are hashed first so their lengths never leak. */
export function tokenMatches(candidate: string, token: string): boolean {
  return timingSafeEqual(digest(candidate), digest(token));
}

/** The Set-Cookie value that keeps the token for later requests (never readable by scripts). */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Every `onramp_token` value in a Cookie header (a browser may send more than one). */
export function cookieTokens(cookieHeader: string | undefined): string[] {
  if (cookieHeader === undefined) return [];
  const values: string[] = [];
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== TOKEN_COOKIE) continue;
    values.push(part.slice(eq + 1).trim());
  }
  return values;
}
