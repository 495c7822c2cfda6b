// The one auth decision for every HTTP request and socket.io handshake: a pure function of the
// request, so every rule is a row in a table test. Nothing is read or run before it allows.
import { checkHostAndOrigin } from './host-origin';
import { type RequestHeaders, singleHeader } from './request-headers';
import { bearerToken, tokenMatches } from './token';

export interface AuthRequest {
  readonly method: string;
  /** The request target as received (`/path?query`). */
  readonly url: string;
  readonly headers: RequestHeaders;
  /** The port this server listens on. */
  readonly port: number;
  readonly token: string;
}

export type AuthDecision =
  { readonly allow: true } | { readonly allow: false; readonly status: 403 | 405; readonly reason: string };

/** Where socket.io lives; the only place POST is accepted (long-polling). */
export const SOCKET_PATH = '/socket.io/';

/** The JSON API: the only HTTP paths that need the token (pages are public guide content). */
export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

const READ_METHODS = new Set(['GET', 'HEAD']);

const refuse = (status: 403 | 405, reason: string): AuthDecision => ({ allow: false, status, reason });

/**
 * Allow or refuse one request. Every request: Host (and Origin when sent) name this server's own
 * loopback origin, the path is a plain path, no `token` query parameter. `/api/*` also needs
 * `Authorization: Bearer <token>`; socket.io's handshake carries the token in its `auth` payload,
 * checked by the socket server's middleware. Only GET and HEAD (and POST for socket.io polling).
 */
export function decideRequest(req: AuthRequest): AuthDecision {
  const rule = checkHostAndOrigin(req.headers, req.port);
  if (!rule.ok) return refuse(403, rule.error);
  if (!req.url.startsWith('/') || req.url.startsWith('//'))
    return refuse(403, 'expected a request path starting with /');
  let url: URL;
  try {
    url = new URL(req.url, `http://${rule.value}`);
  } catch {
    return refuse(403, 'the request path is not a valid URL');
  }
  // `/\evil.example` parses as `//evil.example`: never let such a path name a host or reach a redirect.
  if (url.host !== rule.value || url.pathname.startsWith('//'))
    return refuse(403, 'expected a request path starting with a single /');
  if (url.searchParams.has('token')) {
    return refuse(
      403,
      'a token in the URL query is not accepted: open the URL printed by `onramp serve` (it carries the token after #)',
    );
  }
  const rawPath = req.url.split('?', 1)[0] ?? '/';
  // Judged on the raw and the normalised path alike: `/x/../api/runs` never escapes the token rule.
  if (isApiPath(url.pathname) || isApiPath(rawPath)) {
    const bearer = bearerToken(singleHeader(req.headers, 'authorization'));
    if (bearer === undefined || !tokenMatches(bearer, req.token)) {
      return refuse(
        403,
        'not signed in: /api needs `Authorization: Bearer <token>` (open the URL printed by `onramp serve`)',
      );
    }
  }
  if (READ_METHODS.has(req.method)) return { allow: true };
  if (req.method === 'POST' && url.pathname.startsWith(SOCKET_PATH)) return { allow: true };
  return refuse(405, `method ${req.method.slice(0, 20)} is not allowed: use GET or HEAD`);
}
