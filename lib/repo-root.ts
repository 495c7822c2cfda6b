// The root of the Onramp checkout, found from this module's own file so the caller's cwd does not
// matter: from the TypeScript sources (lib/), from the `onramp` command's bundle
// (.onramp-build/server/, see bin/server-bundle.mjs) and from any depth in between.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file only Onramp's checkout has at this place. */
const MARKER = path.join('lib', 'repo-root.ts');
/** How many folders up the search goes: the bundle is two below the root, sources at most four. */
const MAX_DEPTH = 6;

/**
 * The absolute path of the checkout: the nearest folder at or above this module's holding
 * `lib/repo-root.ts`. Where this module no longer has a file path (a bundler such as Next's
 * rewrote import.meta.url), the cwd: Next builds run from the root.
 */
export function repoRoot(): string {
  let dir: string;
  try {
    dir = path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return process.cwd();
  }
  for (let i = 0; i <= MAX_DEPTH; i++) {
    if (existsSync(path.join(dir, MARKER))) return dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return process.cwd();
}
