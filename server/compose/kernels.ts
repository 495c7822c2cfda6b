// Getting each service's kernel into dom0: a prebuilt image is copied; a Mirage project folder
// is synced (only what changed since the last sync) and built there (mirage configure -t xen,
// make depend, make build).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../../protocol/result';
import { scanFolder } from '../sync/manifest';
import type { SyncResult } from '../sync/sync-folder';
import { ComposeStepError, must, type ComposeDom0 } from './dom0-ops';
import type { PlannedService } from './plan';
const SKIP = /^\.\/(_build|dist|\.git|_opam|duniverse)(\/|$)/;

/** Content digest of a prebuilt kernel, or of a build folder's manifest (paths, sizes, mtimes). */
export async function sourceDigest(s: PlannedService['source']): Promise<string> {
  const hash = createHash('sha256');
  if (s.kind === 'kernel') {
    try {
      hash.update(await readFile(s.path));
    } catch (err) {
      throw new Error(
        `kernel ${s.path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): build it first or fix the kernel: path`,
      );
    }
  } else {
    const manifest = await scanFolder(s.dir).catch((err: NodeJS.ErrnoException) => {
      throw new Error(
        `build folder ${s.dir} cannot be read (${err.code ?? String(err)}): expected a Mirage project folder (with config.ml)`,
      );
    });
    for (const [path, entry] of Object.entries(manifest))
      if (!SKIP.test(path)) hash.update(`${path}\0${entry.type}\0${entry.size}\0${entry.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

// dist/ is left out of the sync and kept in dom0 between builds: emptied first, so a kernel left
// by an earlier build can never be installed in place of this one.
const BUILD =
  'eval "$(opam env 2>/dev/null)"; cd -- "$1" && rm -rf dist && mirage configure -t xen && make depend && make build';
const INSTALL =
  'mkdir -p -- "$(dirname -- "$2")"; set -- "$1"/dist/*.xen "$2"; [ -f "$1" ] || { echo "no dist/*.xen after make build" >&2; exit 1; }; cp -- "$1" "$2"';

/** What a build-folder sync did, for the progress line: "changes only: 1 entries sent (0.0 MB), 0 removed". */
export function syncSummary(r: SyncResult): string {
  if (r.mode === 'unchanged') return 'nothing changed, nothing sent';
  const what = r.mode === 'full' ? 'full copy' : 'changes only';
  return `${what}: ${r.sentEntries} entries sent (${(r.sentBytes / 1e6).toFixed(1)} MB), ${r.removedEntries} removed`;
}

export async function installKernel(d: ComposeDom0, s: PlannedService, onLine: (line: string) => void): Promise<void> {
  if (s.ramdisk) {
    await must(
      d,
      s.service,
      'copying the ramdisk',
      ['sh', '-c', 'mkdir -p -- "$(dirname -- "$1")" && cat > "$1"', 'sh', s.ramdisk.remote],
      { stdin: await readFile(s.ramdisk.local) },
    );
  }
  if (s.source.kind === 'kernel') {
    await must(
      d,
      s.service,
      'copying the kernel',
      ['sh', '-c', 'mkdir -p -- "$(dirname -- "$1")" && cat > "$1"', 'sh', s.remoteKernel],
      { stdin: await readFile(s.source.path) },
    );
    return;
  }
  // synced and built as the login user (whose opam switch has mirage), installed as root
  const user: ComposeDom0 = { ...d, root: false };
  const src = s.remoteBuildDir;
  const synced = await d.sync(s.source.dir, src).catch((err: unknown) => {
    throw new ComposeStepError(s.service, 'syncing the build folder', errorMessage(err));
  });
  onLine(`${s.service}: synced ${s.source.dir} to dom0 ${src}: ${syncSummary(synced)}`);
  onLine(`${s.service}: building (mirage configure -t xen, make depend, make build)`);
  await must(user, s.service, 'building', ['sh', '-c', BUILD, 'sh', src], { timeoutMs: 3_600_000 });
  await must(d, s.service, 'installing the built kernel', ['sh', '-c', INSTALL, 'sh', src, s.remoteKernel]);
}
