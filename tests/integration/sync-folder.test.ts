// Sync a project folder into a real sshd's user: byte-identical files, modes, symlinks and
// names with spaces; a re-sync sends only what changed and removes what is gone.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { TargetRunner } from '../../server/runners/types';
import type { ConnectionPool } from '../../server/ssh/connection-pool';
import { fileManifestStore } from '../../server/sync/manifest-store';
import { syncFolder, type SyncProgress } from '../../server/sync/sync-folder';
import type { Sshd } from '../helpers/sshd';
import { startSshdDom0, type SshdDom0 } from '../helpers/sshd-dom0';

let sshd: Sshd;
let pool: ConnectionPool;
let target: Dom0Target;
let runner: TargetRunner;
let work: string;
let dom0: SshdDom0;
const dest = `/tmp/onramp-sync-test-${randomBytes(4).toString('hex')}/my project`;

// The same listing, run locally and in "dom0": type, mode, link target and sha256 of each entry.
const LISTING =
  'cd "$1" && find . -printf "%y %m %p -> %l\\n" | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum';

beforeAll(async () => {
  dom0 = await startSshdDom0();
  ({ sshd, pool, target, runner } = dom0);
  work = await mkdtemp(join(tmpdir(), 'onramp-sync-'));
  const src = join(work, 'src');
  await mkdir(join(src, 'dir with space', 'deeper'), { recursive: true });
  await writeFile(join(src, 'a file.txt'), 'hello dom0\n');
  await writeFile(join(src, 'dir with space', 'deeper', 'blob.bin'), randomBytes(1_500_000));
  await writeFile(join(src, 'run.sh'), '#!/bin/sh\necho ran\n');
  await chmod(join(src, 'run.sh'), 0o755);
  await writeFile(join(src, 'secret.key'), 'k');
  await chmod(join(src, 'secret.key'), 0o600);
  await writeFile(join(src, 'going away.txt'), 'bye');
  await symlink('a file.txt', join(src, 'link to a file'));
  await symlink('dir with space/deeper', join(src, 'dirlink'));
});

afterAll(async () => {
  await runner?.exec({ argv: ['rm', '-rf', dest.slice(0, dest.lastIndexOf('/'))] });
  await dom0?.close();
  await rm(work, { recursive: true, force: true });
});

async function sameTree(): Promise<void> {
  const local = execFileSync('sh', ['-c', LISTING, 'sh', join(work, 'src')], { encoding: 'utf8' });
  const remote = await runner.exec({ argv: ['sh', '-c', LISTING, 'sh', dest] });
  expect(remote.exitCode).toBe(0);
  expect(remote.stdout).toBe(local);
  expect(local).toContain('l 777 ./link to a file -> a file.txt');
  expect(local).toContain('f 755 ./run.sh');
  expect(local).toContain('f 600 ./secret.key');
}

describe('syncFolder', () => {
  const store = () => fileManifestStore(join(work, 'manifests'));

  it('copies the folder byte for byte, with modes, symlinks and spaces, reporting progress', async () => {
    const progress: SyncProgress[] = [];
    const result = await syncFolder(
      pool,
      target,
      { source: join(work, 'src'), dest, onProgress: (p) => progress.push(p) },
      store(),
    );
    expect(result.mode).toBe('full');
    expect(result.sentBytes).toBeGreaterThan(1_500_000);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ sentBytes: result.sentBytes, totalBytes: result.sentBytes });
    expect(progress.every((p) => p.sentBytes <= p.totalBytes)).toBe(true);
    await sameTree();
  });

  it('a re-sync with nothing changed sends nothing', async () => {
    const result = await syncFolder(pool, target, { source: join(work, 'src'), dest }, store());
    expect(result).toMatchObject({ mode: 'unchanged', sentBytes: 0 });
  });

  it('a re-sync sends only the changed file and removes the deleted one', async () => {
    await writeFile(join(work, 'src', 'a file.txt'), 'hello again, dom0\n');
    await unlink(join(work, 'src', 'going away.txt'));
    const result = await syncFolder(pool, target, { source: join(work, 'src'), dest }, store());
    expect(result).toMatchObject({ mode: 'changes', sentEntries: 1, removedEntries: 1 });
    expect(result.sentBytes).toBeLessThan(20_000);
    await sameTree();
  });

  it('sends everything again when the destination is gone from dom0', async () => {
    await runner.exec({ argv: ['rm', '-rf', dest] });
    const result = await syncFolder(pool, target, { source: join(work, 'src'), dest }, store());
    expect(result.mode).toBe('full');
    await sameTree();
  });

  /** Remove dest in dom0, sync the whole source with at most `inFlightBytes` unacknowledged, compare the trees. */
  async function freshFullSyncArrivesWhole(inFlightBytes: number): Promise<void> {
    await runner.exec({ argv: ['rm', '-rf', dest] });
    const result = await syncFolder(
      pool,
      target,
      { source: join(work, 'src'), dest, full: true, inFlightBytes },
      store(),
    );
    expect(result.mode).toBe('full');
    await sameTree();
  }

  it('a sync bounded to 256 KB in flight (paced on the window adjusts of the real sshd) arrives whole', async () => {
    await freshFullSyncArrivesWhole(256 * 1024);
  });

  it("a bound below OpenSSH's acknowledgement threshold still finishes (the bound grows after a stall)", async () => {
    // OpenSSH acknowledges after 3 packets (96 KB) consumed: with at most 64 KB in flight it never
    // would, and a send that only waited would hang until the test's timeout.
    await freshFullSyncArrivesWhole(64 * 1024);
  }, 30_000);

  it('a destination the dom0 user cannot create fails promptly with the remote error, the folder and the fix', async () => {
    // Big enough that the tar is still streaming when the remote side gives up.
    const big = join(work, 'big');
    await mkdir(big, { recursive: true });
    await writeFile(join(big, 'unikernel.xen'), randomBytes(4_500_000));
    const denied = '/proc/onramp-cannot-create/dest';
    const failed = await syncFolder(pool, target, { source: big, dest: denied, full: true }, store()).then(
      () => null,
      (err: unknown) => err as Error,
    );
    expect(failed?.message).toContain(denied);
    expect(failed?.message).toMatch(/No such file or directory|Permission denied/);
    expect(failed?.message).toMatch(/sudo|writable/);
    // The hang this guards against never ended: the test's own timeout catches it.
  }, 30_000);
});
