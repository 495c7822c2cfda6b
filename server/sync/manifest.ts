// What a synced folder looked like: one entry per path (size, mtime, mode, link target), read
// from the local disk; comparing two manifests says what a re-sync must send and delete. The
// comparison is pure.
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface ManifestEntry {
  readonly type: 'file' | 'dir' | 'symlink';
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
  readonly link?: string;
}

/** Paths relative to the folder, `./`-prefixed as tar lists them. */
export type Manifest = Readonly<Record<string, ManifestEntry>>;

/** Every entry under `root`, except those whose name is in `exclude` (at any depth, with what is below them). */
export async function scanFolder(root: string, exclude: ReadonlySet<string> = new Set()): Promise<Manifest> {
  const out: Record<string, ManifestEntry> = {};
  const walk = async (rel: string): Promise<void> => {
    const names = (await readdir(join(root, rel))).sort();
    for (const name of names) {
      if (exclude.has(name)) continue;
      const path = rel === '.' ? `./${name}` : `${rel}/${name}`;
      const st = await lstat(join(root, path));
      const base = { size: st.size, mtimeMs: Math.floor(st.mtimeMs), mode: st.mode & 0o7777 };
      if (st.isSymbolicLink()) out[path] = { type: 'symlink', ...base, link: await readlink(join(root, path)) };
      else if (st.isDirectory()) {
        out[path] = { type: 'dir', ...base, size: 0 };
        await walk(path);
      } else if (st.isFile()) out[path] = { type: 'file', ...base };
    }
  };
  await walk('.');
  return out;
}

export interface ManifestChanges {
  /** New or changed entries, parents before children. */
  readonly send: readonly string[];
  /** Entries gone since the last sync (a removed directory once, not its contents). */
  readonly remove: readonly string[];
}

function sameEntry(a: ManifestEntry, b: ManifestEntry): boolean {
  if (a.type !== b.type || a.mode !== b.mode) return false;
  if (a.type === 'symlink') return a.link === b.link;
  if (a.type === 'dir') return true;
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

export function diffManifests(previous: Manifest, current: Manifest): ManifestChanges {
  const send = Object.keys(current)
    .filter((p) => {
      const before = previous[p];
      const now = current[p];
      return before === undefined || now === undefined || !sameEntry(before, now);
    })
    .sort();
  const gone = Object.keys(previous)
    .filter((p) => current[p] === undefined || current[p]?.type !== previous[p]?.type)
    .sort();
  const remove = gone.filter((p) => !gone.some((q) => q !== p && p.startsWith(`${q}/`) && previous[q]?.type === 'dir'));
  return { send, remove };
}

/** Roughly the size of a tar of these entries (512-byte headers and blocks), for progress. */
export function tarSizeEstimate(manifest: Manifest, paths: readonly string[]): number {
  let bytes = 1024;
  for (const p of paths) {
    const e = manifest[p];
    bytes += 512 + (p.length > 99 ? 1024 : 0) + (e && e.type === 'file' ? Math.ceil(e.size / 512) * 512 : 0);
  }
  return Math.ceil(bytes / 10240) * 10240;
}
