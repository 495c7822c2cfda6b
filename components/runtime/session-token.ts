// The page's copy of the session token. `onramp serve` prints `http://127.0.0.1:PORT/#token=…`:
// a URL fragment is never sent to any server, so the token reaches only this page's script, which
// keeps it in localStorage (scoped to the origin, and an origin includes the port: unlike a cookie
// for 127.0.0.1, no other local server on another port ever receives it) and removes it from the
// address bar. It goes back to Onramp only as `Authorization: Bearer` (/api) and in the socket.io
// handshake's `auth` payload.

const STORAGE_KEY = 'onramp.token';
const FRAGMENT = /(?:^#|&)token=([A-Za-z0-9_-]+)(?:&|$)/;

/** What a page that needs the server says when it holds no token (or a stale one). */
export const NOT_SIGNED_IN =
  'This page is not signed in to Onramp: open the URL that `onramp serve` (npm start) printed, which ends in #token=…, then try again.';

/** Raised when the page has no token or the server refused it; the UI shows NOT_SIGNED_IN. */
export class NotSignedIn extends Error {
  constructor(cause?: unknown) {
    super(NOT_SIGNED_IN, { cause });
    this.name = 'NotSignedIn';
  }
}

function storage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    // Storage may be disabled (privacy settings): the page then works only while the fragment is there.
    return undefined;
  }
}

let inMemory: string | undefined;

/**
 * Move a `#token=…` fragment from the address bar into storage (history.replaceState keeps the
 * path and query, drops the fragment). Idempotent; does nothing outside a browser.
 */
export function captureTokenFromUrl(): void {
  if (typeof window === 'undefined') return;
  const m = FRAGMENT.exec(window.location.hash);
  if (!m?.[1]) return;
  inMemory = m[1];
  try {
    storage()?.setItem(STORAGE_KEY, m[1]);
  } catch {
    // Quota or privacy mode: kept in memory for this page only.
  }
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}`);
}

/** The session token this page holds, or undefined when it was never opened through the printed URL. */
export function sessionToken(): string | undefined {
  captureTokenFromUrl();
  if (inMemory !== undefined) return inMemory;
  try {
    return storage()?.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * fetch() of an Onramp /api path with the token in `Authorization: Bearer`. Without a token it
 * answers a 401-like Response locally (nothing is sent), so callers handle it like any refusal.
 */
export function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const token = sessionToken();
  if (token === undefined) return Promise.resolve(new Response(NOT_SIGNED_IN, { status: 401 }));
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(path, { ...init, headers, credentials: 'omit' });
}
