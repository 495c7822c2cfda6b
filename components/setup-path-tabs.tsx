'use client';
// Path tabs (<Tab path="qemu">) open on the reader's path, and picking one remembers it: renders
// nothing, works on the server-rendered radio inputs (the tabs still work without JavaScript).
// A link to a heading inside a closed tab (#a-machine-of-your-own) opens that tab, over the path's.
import { useEffect } from 'react';
import type { SetupPath } from '../protocol/setup-paths';
import type { SetupPathInfo } from '../protocol/socket-setup';
import {
  cachedSetupPath,
  cacheSetupPath,
  chooseSetupPath,
  fetchSetupPath,
  isSetupPath,
  openPathTabs,
  openTabOfHash,
} from './runtime/setup-path-client';

/** The reader picked a path tab: the page's other path tabs follow, and the server remembers it. */
function onTabChange(event: Event): void {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.matches('input.tab-input[data-path]') || !input.checked) return;
  const path = input.dataset.path;
  if (!isSetupPath(path)) return;
  openPathTabs(document, path);
  chooseSetupPath(path).catch(() => undefined);
}

/** On load: the path tabs on `path`, then the tab the address's #fragment points into (it wins). */
function showOnLoad(path: SetupPath | undefined): void {
  if (path) openPathTabs(document, path);
  openTabOfHash(document);
}

/** Ask the server for the path, then follow choices made in other tabs; returns the unsubscribe. */
async function followServer(isDisposed: () => boolean): Promise<(() => void) | undefined> {
  const info = await fetchSetupPath();
  if (isDisposed() || !info) return undefined;
  showOnLoad(info.path);
  const onPath = (msg: SetupPathInfo) => {
    cacheSetupPath(msg.path);
    openPathTabs(document, msg.path);
  };
  const { connectedSocket } = await import('./runtime/socket-client');
  const socket = await connectedSocket();
  if (isDisposed()) return undefined;
  socket.on('setup:path', onPath);
  return () => socket.off('setup:path', onPath);
}

export function SetupPathTabs() {
  useEffect(() => {
    const onHash = () => openTabOfHash(document);
    window.addEventListener('hashchange', onHash);
    const hasPathTabs = document.querySelector('input.tab-input[data-path]') !== null;
    showOnLoad(hasPathTabs ? cachedSetupPath() : undefined);
    if (!hasPathTabs) return () => window.removeEventListener('hashchange', onHash);

    let disposed = false;
    let unsubscribe: (() => void) | undefined;
    document.addEventListener('change', onTabChange);
    followServer(() => disposed)
      .then((stop) => {
        if (disposed) stop?.();
        else unsubscribe = stop;
      })
      .catch(() => undefined);
    return () => {
      disposed = true;
      window.removeEventListener('hashchange', onHash);
      document.removeEventListener('change', onTabChange);
      unsubscribe?.();
    };
  }, []);
  return null;
}
