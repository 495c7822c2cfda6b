'use client';
// The one sign-in notice of a page: shown once any step or check found the page without its
// session token, instead of the same sentence under every step.
import { useSyncExternalStore } from 'react';
import { isSignedOut, subscribeSignedOut } from './runtime/sign-in-state';

/** What to do, with the commands and the URL's ending as code. */
export function SignInMessage() {
  return (
    <>
      This page is not signed in to Onramp: open the URL that <code>onramp serve</code> (<code>npm start</code>) printed
      in its terminal, the one that ends in <code>#token=…</code>, then try again.
    </>
  );
}

export function SignInNotice() {
  const signedOut = useSyncExternalStore(subscribeSignedOut, isSignedOut, () => false);
  if (!signedOut) return null;
  return (
    <p className="verdict tone-bad sign-in-notice" data-testid="sign-in-notice" role="alert">
      <SignInMessage />
    </p>
  );
}
