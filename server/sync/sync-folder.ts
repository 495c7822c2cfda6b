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
import { IN_FLIGHT_DEFAULT } from './paced-send';
import { receiveInDom0, type Outgoing, type ReceiveMode, type ReceiveTimings } from './remote-stream';

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
  /** Most tar bytes in flight, not yet acknowledged by dom0 (paced-send.ts; default IN_FLIGHT_DEFAULT; 0: dom0's whole SSH window). */
  readonly inFlightBytes?: number;
}

export interface SyncResult {
  readonly mode: 'full' | 'changes' | 'unchanged';
  readonly sentEntries: number;
  readonly removedEntries: number;
  readonly sentBytes: number;
  readonly durationMs: number;
  readonly phases: SyncPhases;
}

/** What a project sync leaves out by default, at any depth: build output and the git store. */
export const PROJECT_EXCLUDES: readonly string[] = ['_build', 'dist', '.git'];

/** Where a sync's time went, in ms (the connection itself is not in here). */
export interface SyncPhases {
  /** Reading the local folder's manifest. */
  readonly scanMs: number;
  /** Opening the exec channel. */
  readonly openMs: number;
  /** dom0's shell starting and creating the folder, until it says `ready`. */
  readonly readyMs: number;
  /** Streaming the tar (local tar, cipher, the link, dom0's sshd and tar keeping up). */
  readonly sendMs: number;
  /** After the last byte until dom0's tar exited and the channel closed. */
  readonly finishMs: number;
}

/**
 * Sync `req.source` into `req.dest` in dom0 on one exec channel (RECEIVE_SCRIPT): with a manifest
 * from the last sync (and not `full`), only the changed entries are sent and the gone ones removed;
 * when dom0 answers that the folder is gone, everything is sent on a second channel. Returns what
 * was sent and where the time went; rejects with a message naming the folder and the fix when
 * dom0 cannot write it, or with the remote tar's error.
 */
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
  const scanMs = Date.now() - startedAt;
  const previous = req.full ? null : await store.load(key);
  // With exclusions even a full send lists its entries, so tar leaves the excluded ones out.
  const everything = exclude.length > 0 ? ['.', ...Object.keys(current)] : null;
  let sent: Sent | 'absent' = 'absent';
  if (previous)
    sent = await sendTar(pool, target, req, current, { mode: 'changes', ...diffManifests(previous, current) });
  if (sent === 'absent')
    sent = await sendTar(pool, target, req, current, { mode: 'full', send: everything, remove: [] });
  if (sent === 'absent') throw new Error(`dom0 answered that ${req.dest} is absent after creating it`);
  if (sent.mode !== 'unchanged') await store.save(key, current);
  return {
    mode: sent.mode,
    sentEntries: sent.mode === 'full' ? Object.keys(current).length : sent.entries,
    removedEntries: sent.removed,
    sentBytes: sent.bytes,
    durationMs: Date.now() - startedAt,
    phases: { scanMs, ...sent.timings },
  };
}

interface Sent {
  readonly mode: SyncResult['mode'];
  readonly entries: number;
  readonly removed: number;
  readonly bytes: number;
  readonly timings: ReceiveTimings;
}

/** What to send: `send` null means the whole folder (tar's own walk); `mode` tells dom0 whether it may be absent. */
interface Plan {
  readonly mode: ReceiveMode;
  readonly send: readonly string[] | null;
  readonly remove: readonly string[];
}

function localTar(source: string, only: readonly string[] | null) {
  const args =
    only === null ? ['-C', source, '-cf', '-', '.'] : ['-C', source, '--null', '--no-recursion', '-T', '-', '-cf', '-'];
  const tar = spawn('tar', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  tar.stdin.end(only === null ? '' : only.map((p) => `${p}\0`).join(''));
  let stderr = '';
  tar.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const exit = new Promise<number | null>((resolve, reject) => {
    tar.on('error', (err) => reject(new Error(`cannot run tar on this machine: ${err.message} (install GNU tar)`)));
    tar.on('close', (code) => resolve(code));
  });
  return { tar, exit, stderr: () => stderr };
}

async function sendTar(
  pool: ConnectionPool,
  target: Dom0Target,
  req: SyncRequest,
  manifest: Manifest,
  plan: Plan,
): Promise<Sent | 'absent'> {
  const { mode } = plan;
  const nothing = plan.send !== null && plan.send.length === 0;
  const estimate = tarSizeEstimate(manifest, plan.send ?? Object.keys(manifest));
  let sentBytes = 0;
  let local: ReturnType<typeof localTar> | null = null;
  const outgoing = (): Outgoing => {
    if (nothing) return { remove: plan.remove, tar: null };
    local = localTar(req.source, plan.send);
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sentBytes += chunk.length;
        req.onProgress?.({ sentBytes, totalBytes: Math.max(estimate, sentBytes) });
        done(null, chunk);
      },
    });
    local.tar.stdout.pipe(counter);
    return { remove: plan.remove, tar: counter };
  };
  let remote: Awaited<ReturnType<typeof receiveInDom0>>;
  try {
    remote = await receiveInDom0(pool, target, req.dest, outgoing, {
      mode,
      inFlightBytes: req.inFlightBytes ?? IN_FLIGHT_DEFAULT,
    });
  } finally {
    // The remote side ended (or failed): a local tar still writing would block forever.
    const started = local as ReturnType<typeof localTar> | null;
    if (started && started.tar.exitCode === null) started.tar.kill();
  }
  if (remote.kind === 'absent') return 'absent';
  const started = local as ReturnType<typeof localTar> | null;
  const localCode = started ? await started.exit : 0;
  // A local tar that failed on its own (not killed above: that exits null) explains a truncated stream.
  if (localCode !== 0 && localCode !== null && started)
    throw new Error(`tar of ${req.source} failed (exit ${localCode}): ${started.stderr().trim()}`);
  if (remote.exitCode !== 0)
    throw new Error(`unpacking into dom0 ${req.dest} failed (exit ${remote.exitCode}): ${remote.stderr.trim()}`);
  if (localCode !== 0 && started)
    throw new Error(`tar of ${req.source} failed (exit ${localCode}): ${started.stderr().trim()}`);
  if (started) req.onProgress?.({ sentBytes, totalBytes: sentBytes });
  return {
    mode: nothing && plan.remove.length === 0 ? 'unchanged' : mode === 'full' ? 'full' : 'changes',
    entries: plan.send?.length ?? 0,
    removed: plan.remove.length,
    bytes: sentBytes,
    timings: remote.timings,
  };
}
