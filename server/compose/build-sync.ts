// How compose gets a build folder into dom0: `onramp sync`'s tar-over-SSH with its manifests, so a
// rebuild after one changed file sends that file, and a folder with nothing changed sends nothing.
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { ConnectionPool } from '../ssh/connection-pool';
import type { ManifestStore } from '../sync/manifest-store';
import { PROJECT_EXCLUDES, syncFolder, type SyncResult } from '../sync/sync-folder';
import type { TargetRunner } from '../runners/types';

/**
 * Copy the local folder `source` to `dest` in dom0 (relative to the login user's home, or
 * absolute), leaving out PROJECT_EXCLUDES at any depth. Resolves with what was sent.
 */
export type BuildSync = (source: string, dest: string) => Promise<SyncResult>;

/**
 * A BuildSync over the pool's connection to `target`, remembering manifests in `store` (default:
 * the cache dir); `runner` (the same dom0) finds the login user's home for relative destinations.
 */
export function buildSyncOver(
  pool: ConnectionPool,
  target: Dom0Target,
  runner: TargetRunner,
  store?: ManifestStore,
): BuildSync {
  let home: Promise<string> | undefined;
  return async (source, dest) => {
    const absolute = dest.startsWith('/') ? dest : `${await (home ??= remoteHome(runner))}/${dest}`;
    return syncFolder(pool, target, { source, dest: absolute, exclude: PROJECT_EXCLUDES }, store);
  };
}

/** The login user's home in dom0 (where a relative path lands): `pwd` in a new session. */
async function remoteHome(runner: TargetRunner): Promise<string> {
  const out = await runner.exec({ argv: ['pwd'] });
  const home = out.stdout.trim();
  if (out.exitCode !== 0 || !home.startsWith('/'))
    throw new Error(
      `cannot find the dom0 login user's home for the build folder: \`pwd\` gave "${home}" (${out.message}); expected an absolute path`,
    );
  return home;
}
