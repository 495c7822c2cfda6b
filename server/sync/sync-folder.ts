// Copy a project folder into dom0 as a tar stream over one exec channel (system tar on both
// sides, argv only). A re-sync sends only entries changed since the last sync's manifest and
// removes the ones that are gone.
import { spawn } from 'node:child_process';
import { Transform } from 'node:stream';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { ConnectionPool } from '../ssh/connection-pool';
import { targetLabel } from '../ssh/dom0-error';
import { diffManifests, scanFolder, tarSizeEstimate, type Manifest } from './manifest';
import { fileManifestStore, type ManifestStore } from './manifest-store';
import { pipeToRemote } from './remote-stream';

export interface SyncProgress {
  readonly sentBytes: number;
  /** An estimate from the file sizes (never below sentBytes). */
  readonly totalBytes: number;
}

export interface SyncRequest {
  /** Local folder. */
  readonly source: string;
  /** Absolute destination folder in dom0 (created when missing). */
  readonly dest: string;
  readonly onProgress?: (p: SyncProgress) => void;
  /** Send everything, ignoring the last manifest. */
  readonly full?: boolean;
  /** Names left out wherever they appear (e.g. `_build`, `dist`, `.git`), like rsync's --exclude NAME. */
  readonly exclude?: readonly string[];
}

export interface SyncResult {
  readonly mode: 'full' | 'changes' | 'unchanged';
  readonly sentEntries: number;
  readonly removedEntries: number;
  readonly sentBytes: number;
  readonly durationMs: number;
}

/** What a project sync leaves out by default, at any depth: build output and the git store. */
export const PROJECT_EXCLUDES: readonly string[] = ['_build', 'dist', '.git'];

const EXTRACT = 'mkdir -p -- "$1" && exec tar -C "$1" -xpf -';
const REMOVE = 'cd -- "$1" && exec xargs -0 rm -rf --';
const EXISTS = 'test -d "$1"';

export async function syncFolder(
  pool: ConnectionPool,
  target: Dom0Target,
  req: SyncRequest,
  store: ManifestStore = fileManifestStore(),
): Promise<SyncResult> {
  const startedAt = Date.now();
  if (!req.dest.startsWith('/')) throw new Error(`the destination in dom0 must be an absolute path, got "${req.dest}"`);
  const exclude = [...(req.exclude ?? [])].sort();
  const key = `${targetLabel(target)}|${req.dest}${exclude.length > 0 ? `|-${exclude.join(',')}` : ''}`;
  const current = await scanFolder(req.source, new Set(exclude));
  const previous = req.full ? null : await store.load(key);
  const destExists = previous
    ? (await pipeToRemote(pool, target, ['sh', '-c', EXISTS, 'sh', req.dest], '')).exitCode === 0
    : false;
  const base: Manifest | null = destExists ? previous : null;
  const changes = base ? diffManifests(base, current) : { send: null, remove: [] as string[] };
  if (changes.send !== null && changes.send.length === 0 && changes.remove.length === 0) {
    return { mode: 'unchanged', sentEntries: 0, removedEntries: 0, sentBytes: 0, durationMs: Date.now() - startedAt };
  }
  if (changes.remove.length > 0) {
    const removed = await pipeToRemote(
      pool,
      target,
      ['sh', '-c', REMOVE, 'sh', req.dest],
      changes.remove.map((p) => `${p}\0`).join(''),
    );
    if (removed.exitCode !== 0)
      throw new Error(
        `removing deleted files in dom0 ${req.dest} failed (exit ${removed.exitCode}): ${removed.stderr.trim()}`,
      );
  }
  // With exclusions even a full send lists its entries, so tar leaves the excluded ones out.
  const sent = await sendTar(
    pool,
    target,
    req,
    current,
    changes.send ?? (exclude.length > 0 ? ['.', ...Object.keys(current)] : null),
  );
  await store.save(key, current);
  return {
    mode: changes.send === null ? 'full' : 'changes',
    sentEntries: changes.send === null ? Object.keys(current).length : changes.send.length,
    removedEntries: changes.remove.length,
    sentBytes: sent,
    durationMs: Date.now() - startedAt,
  };
}

async function sendTar(
  pool: ConnectionPool,
  target: Dom0Target,
  req: SyncRequest,
  manifest: Manifest,
  only: readonly string[] | null,
): Promise<number> {
  if (only !== null && only.length === 0) return 0;
  const args =
    only === null
      ? ['-C', req.source, '-cf', '-', '.']
      : ['-C', req.source, '--null', '--no-recursion', '-T', '-', '-cf', '-'];
  const tar = spawn('tar', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  tar.stdin.end(only === null ? '' : only.map((p) => `${p}\0`).join(''));
  let tarErr = '';
  tar.stderr.setEncoding('utf8').on('data', (c: string) => {
    tarErr += c;
  });
  const tarExit = new Promise<number | null>((resolve, reject) => {
    tar.on('error', (err) => reject(new Error(`cannot run tar on this machine: ${err.message} (install GNU tar)`)));
    tar.on('close', (code) => resolve(code));
  });
  const estimate = tarSizeEstimate(manifest, only ?? Object.keys(manifest));
  let sentBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sentBytes += chunk.length;
      req.onProgress?.({ sentBytes, totalBytes: Math.max(estimate, sentBytes) });
      done(null, chunk);
    },
  });
  tar.stdout.pipe(counter);
  const unpacked = pipeToRemote(pool, target, ['sh', '-c', EXTRACT, 'sh', req.dest], counter).finally(() => {
    // The remote side ended (or failed): a local tar still writing would block forever.
    if (tar.exitCode === null) tar.kill();
  });
  const [remote, localCode] = await Promise.all([unpacked, tarExit]);
  if (localCode !== 0) throw new Error(`tar of ${req.source} failed (exit ${localCode}): ${tarErr.trim()}`);
  if (remote.exitCode !== 0)
    throw new Error(`unpacking into dom0 ${req.dest} failed (exit ${remote.exitCode}): ${remote.stderr.trim()}`);
  req.onProgress?.({ sentBytes, totalBytes: sentBytes });
  return sentBytes;
}
