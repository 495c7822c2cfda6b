'use client';
// On every page: move a `#token=…` fragment (the URL `onramp serve` printed) into origin-scoped
// storage and out of the address bar, even on a page that never calls the server.
import { useEffect } from 'react';
import { captureTokenFromUrl } from './runtime/session-token';

export function SessionBootstrap() {
  useEffect(() => captureTokenFromUrl(), []);
  return null;
}
