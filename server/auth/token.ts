// The session token: 32 random bytes printed once in the start-up URL's fragment (`#token=…`,
// never sent to any server), kept by the page in origin-scoped storage (the origin includes the
// port, unlike a cookie for 127.0.0.1), and sent back as `Authorization: Bearer` on /api requests
// and in the socket.io handshake's `auth` payload. There is no cookie: another local server on
// another port that the same browser visits receives nothing of it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison: both sides are hashed first so their lengths never leak. */
export function tokenMatches(candidate: string, token: string): boolean {
  return timingSafeEqual(digest(candidate), digest(token));
}

/**
 * The token of an `Authorization: Bearer <token>` header value, or undefined when the header is
 * absent, uses another scheme, or carries no token (the scheme name is case-insensitive, RFC 9110 §11.1).
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const m = /^Bearer +([^\s]+) *$/i.exec(authorization);
  return m?.[1];
}

/**
 * Whether a socket.io handshake `auth` payload (`{ token }`, sent by the page) carries the token.
 * Anything else (missing, not an object, not a string) is refused.
 */
export function socketAuthOk(auth: unknown, token: string): boolean {
  if (typeof auth !== 'object' || auth === null) return false;
  const candidate: unknown = (auth as Record<string, unknown>).token;
  return typeof candidate === 'string' && tokenMatches(candidate, token);
}
