// The one auth decision for every HTTP request and socket.io handshake: a pure function of the
// request, so every rule is a row in a table test. Nothing is read or run before it allows.
import { checkHostAndOrigin } from './host-origin';
import { type RequestHeaders, singleHeader } from './request-headers';
import { cookieTokens, tokenCookie, tokenMatches } from './token';

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
  | { readonly allow: true; readonly setCookie?: string; readonly redirect?: string }
  | { readonly allow: false; readonly status: 403 | 405; readonly reason: string };

/** Where socket.io lives; the only place POST is accepted (long-polling). */
export const SOCKET_PATH = '/socket.io/';

const READ_METHODS = new Set(['GET', 'HEAD']);

const refuse = (status: 403 | 405, reason: string): AuthDecision => ({ allow: false, status, reason });

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
  const queryTokens = url.searchParams.getAll('token');
  if (queryTokens.length > 1)
    return refuse(403, 'the token parameter was given more than once: use the URL printed by `onramp serve`');
  const cookieOk = cookieTokens(singleHeader(req.headers, 'cookie')).some((t) => tokenMatches(t, req.token));
  const queryToken = queryTokens[0];

  if (queryToken !== undefined) {
    if (!tokenMatches(queryToken, req.token)) {
      return refuse(403, 'wrong token: open the URL printed by `onramp serve` (the token changes on every start)');
    }
    if (!READ_METHODS.has(req.method) || url.pathname.startsWith(SOCKET_PATH)) {
      return refuse(403, 'a token in the URL is accepted only when opening a page');
    }
    url.searchParams.delete('token');
    return { allow: true, setCookie: tokenCookie(req.token), redirect: `${url.pathname}${url.search}` };
  }
  if (!cookieOk) {
    return refuse(403, 'not signed in: open the URL printed by `onramp serve` (it carries the token)');
  }
  if (READ_METHODS.has(req.method)) return { allow: true };
  if (req.method === 'POST' && url.pathname.startsWith(SOCKET_PATH)) return { allow: true };
  return refuse(405, `method ${req.method.slice(0, 20)} is not allowed: use GET or HEAD`);
}
