'use client';
// Path tabs (<Tab path="qemu">) open on the reader's path, and picking one remembers it: renders
// nothing, works on the server-rendered radio inputs (the tabs still work without JavaScript).
import { useEffect } from 'react';
import {
  cachedSetupPath,
  cacheSetupPath,
  chooseSetupPath,
  fetchSetupPath,
  isSetupPath,
  openPathTabs,
  openTabOfHash,
} from './runtime/setup-path-client';
import type { SetupPath } from '../protocol/check-catalog';
import type { SetupPathInfo } from '../protocol/socket-setup';

export function SetupPathTabs() {
  useEffect(() => {
    if (document.querySelector('input.tab-input[data-path]') === null) {
      openTabOfHash(document);
      return undefined;
    }
    let disposed = false;
    // A link to a heading inside a tab (#a-machine-of-your-own) opens that tab, over the path's.
    const open = (path: SetupPath) => {
      openPathTabs(document, path);
      openTabOfHash(document);
    };
    const cached = cachedSetupPath();
    if (cached) open(cached);
    else openTabOfHash(document);

    const onChange = (event: Event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement) || !input.matches('input.tab-input[data-path]') || !input.checked)
        return;
      const path = input.dataset.path;
      if (!isSetupPath(path)) return;
      // Other groups of path tabs on this page follow at once; the server tells the other tabs.
      openPathTabs(document, path);
      chooseSetupPath(path).catch(() => undefined);
    };
    document.addEventListener('change', onChange);

    const onPath = (info: SetupPathInfo) => {
      cacheSetupPath(info.path);
      open(info.path);
    };
    let unsubscribe: (() => void) | undefined;
    fetchSetupPath()
      .then(async (info) => {
        if (disposed || !info) return;
        onPath(info);
        const { connectedSocket } = await import('./runtime/socket-client');
        const socket = await connectedSocket();
        if (disposed) return;
        socket.on('setup:path', onPath);
        unsubscribe = () => socket.off('setup:path', onPath);
      })
      .catch(() => undefined);
    return () => {
      disposed = true;
      document.removeEventListener('change', onChange);
      unsubscribe?.();
    };
  }, []);
  return null;
}
