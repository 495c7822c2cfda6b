// The reader's setup path in the browser: the companion server keeps it (setup-path.json, through
// the signed-in socket, as Settings keep dom0.json); the page keeps a copy in localStorage so path
// tabs open on it before the socket connects, and so a guide without its server remembers it too.
import { SETUP_PATHS, type SetupPath } from '../../protocol/setup-paths';
import type { SetupPathInfo } from '../../protocol/socket-setup';
import { STATIC_MODE } from '../static-mode';

const STORAGE_KEY = 'onramp.setup-path';

function storage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

export function isSetupPath(value: unknown): value is SetupPath {
  return typeof value === 'string' && (SETUP_PATHS as readonly string[]).includes(value);
}

/** The page's copy of the path, if it has one. */
export function cachedSetupPath(): SetupPath | undefined {
  const value = storage()?.getItem(STORAGE_KEY);
  return isSetupPath(value) ? value : undefined;
}

export function cacheSetupPath(path: SetupPath): void {
  try {
    storage()?.setItem(STORAGE_KEY, path);
  } catch {
    // Storage full or disabled: the server's copy still holds it.
  }
}

/** The server's answer (the choice, else what the machine store implies), cached; undefined when it cannot answer. */
export async function fetchSetupPath(): Promise<SetupPathInfo | undefined> {
  if (STATIC_MODE) return undefined;
  const { connectedSocket } = await import('./socket-client');
  const res = await (await connectedSocket()).emitWithAck('setup:get-path');
  if (!res.ok) return undefined;
  cacheSetupPath(res.value.path);
  return res.value;
}

/** Remember the path the reader picked: in this page at once, then on the server (every tab hears it). */
export async function chooseSetupPath(path: SetupPath): Promise<SetupPathInfo> {
  cacheSetupPath(path);
  if (STATIC_MODE) return { path, source: 'chosen' };
  const { connectedSocket } = await import('./socket-client');
  const res = await (await connectedSocket()).emitWithAck('setup:set-path', { path });
  if (!res.ok) throw new Error(res.error);
  return res.value;
}

/** Open every group of path tabs under `root` on `path`'s tab (a group without one keeps its tab). Returns how many changed. */
export function openPathTabs(root: ParentNode, path: SetupPath): number {
  let changed = 0;
  for (const input of root.querySelectorAll<HTMLInputElement>(`input.tab-input[data-path="${path}"]`)) {
    if (!input.checked) {
      input.checked = true;
      changed += 1;
    }
  }
  return changed;
}

/** Open the tab whose panel holds the element the address's #fragment names (a link to a heading inside a tab). */
export function openTabOfHash(doc: Document): boolean {
  const id = decodeURIComponent(doc.location.hash.slice(1));
  if (id === '') return false;
  const panel = doc.getElementById(id)?.closest('.tab-panel');
  const input = panel?.parentElement?.querySelector<HTMLInputElement>(':scope > input.tab-input');
  if (!input || input.checked) return false;
  input.checked = true;
  doc.getElementById(id)?.scrollIntoView();
  return true;
}
