// Whether this page found it holds no session token (or a stale one). Every step and check that
// finds out reports it here, and the page shows one sign-in notice instead of one per step.

type Listener = () => void;

let signedOut = false;
const listeners = new Set<Listener>();

/** Record that the server refused this page for want of its token; idempotent. */
export function reportSignedOut(): void {
  if (signedOut) return;
  signedOut = true;
  for (const listener of [...listeners]) listener();
}

/** True once a step or check found the page not signed in. */
export function isSignedOut(): boolean {
  return signedOut;
}

/** Hear the first report; returns the unsubscribe function (the useSyncExternalStore shape). */
export function subscribeSignedOut(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
