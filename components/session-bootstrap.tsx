'use client';
// On every page: move a `#token=…` fragment (the URL `onramp serve` printed) into origin-scoped
// storage and out of the address bar, even on a page that never calls the server. Also when the
// printed URL is pasted into a tab already on Onramp: only the fragment changes, the page does not
// reload, so the capture runs again on `hashchange`.
import { useEffect } from 'react';
import { captureTokenFromUrl } from './runtime/session-token';

export function SessionBootstrap() {
  useEffect(() => {
    captureTokenFromUrl();
    window.addEventListener('hashchange', captureTokenFromUrl);
    return () => window.removeEventListener('hashchange', captureTokenFromUrl);
  }, []);
  return null;
}
