// `onramp machine prune` as a real process on a temporary cache (never the real ~/.cache/onramp):
// it removes the image and base no machine uses and no current recipe builds, keeps the current
// recipe's, one a machine store uses and one a store named only in an image's use.json uses,
// leaves a build's work folder alone, and never touches a machine's disk. --dry-run removes nothing.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforceImageBound, recordImageUse } from '../../server/machine/qemu/image-prune';
import { imageKeys, loadRecipe } from '../../server/machine/qemu/image-recipe';
import type { MachineRecord } from '../../server/machine/record';

const root = resolve(import.meta.dirname, '../..');
const MIRROR = 'http://deb.debian.example/debian';
let home: string;
let images: string;

async function onramp(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(root, 'bin/onramp.mjs'), 'machine', ...args],
      {
        cwd: root,
        env: {
          ...process.env,
          ONRAMP_CONFIG_DIR: join(home, 'config'),
          ONRAMP_DATA_DIR: join(home, 'data'),
          ONRAMP_CACHE_DIR: join(home, 'cache'),
          ONRAMP_LAB_MIRROR: MIRROR,
        },
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function image(key: string, baseKey: string, opts: { stores?: string[]; mb?: number } = {}): Promise<string> {
  const dir = join(images, key.slice(0, 16));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'rootfs.raw'), Buffer.alloc((opts.mb ?? 1) * 1024 * 1024, 1));
  await writeFile(join(dir, 'recipe.json'), JSON.stringify({ key, baseKey, builtAt: '2026-11-01T00:00:00.000Z' }));
  if (opts.stores)
    await writeFile(join(dir, 'use.json'), JSON.stringify({ lastUsedAt: '2026-11-02T00:00:00Z', stores: opts.stores }));
  return dir;
}

async function base(baseKey: string): Promise<string> {
  const path = join(images, `base-${baseKey.slice(0, 16)}.tar`);
  await writeFile(path, Buffer.alloc(1024 * 1024, 2));
  const old = new Date(Date.now() - 48 * 3600_000);
  await utimes(path, old, old);
  return path;
}

async function store(path: string, name: string, imageKey: string): Promise<string> {
  const dir = join(path, '..', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'disk.qcow2'), 'the machine’s own disk\n');
  const record: MachineRecord = {
    name,
    driver: 'qemu',
    dir,
    imageKey,
    sshPort: 40022,
    sshUser: 'root',
    hostKey: 'ssh-ed25519 AAAA',
    readySnapshot: true,
    createdAt: '2026-11-02T00:00:00.000Z',
  };
  await writeFile(path, JSON.stringify({ version: 1, machines: [record] }));
  return join(dir, 'disk.qcow2');
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'onramp-prune-'));
  images = join(home, 'cache', 'lab-images');
  await mkdir(images, { recursive: true });
  await mkdir(join(home, 'data', 'machines'), { recursive: true });
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('onramp machine prune', () => {
  it('removes only unused, non-current images and bases; --dry-run removes nothing', async () => {
    const current = imageKeys(await loadRecipe(MIRROR));
    const old = { image: 'a'.repeat(64), base: 'b'.repeat(64) };
    const usedKey = 'c'.repeat(64);
    const elsewhereKey = 'd'.repeat(64);
    const elsewhereStore = join(home, 'other-data', 'machines', 'machines.json');
    await mkdir(join(home, 'other-data', 'machines'), { recursive: true });

    const currentDir = await image(current.image, current.base);
    const currentBase = await base(current.base);
    const oldDir = await image(old.image, old.base, { mb: 3 });
    const oldBase = await base(old.base);
    const usedDir = await image(usedKey, current.base);
    const elsewhereDir = await image(elsewhereKey, current.base, { stores: [elsewhereStore] });
    const work = join(images, 'base-eeeeeeeeeeeeeeee.tar.work.abc123');
    await mkdir(work);
    const disk = await store(join(home, 'data', 'machines', 'machines.json'), 'mine', usedKey);
    const otherDisk = await store(elsewhereStore, 'theirs', elsewhereKey);

    const dry = await onramp(['prune', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`^would rm +3\\.\\d MB  ${oldDir}  `, 'm'));
    expect(dry.stdout).toMatch(new RegExp(`^would rm +1\\.\\d MB  ${oldBase}  `, 'm'));
    expect(dry.stdout).toContain('nothing was removed (--dry-run)');
    expect(existsSync(oldDir) && existsSync(oldBase)).toBe(true);

    const real = await onramp(['prune']);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/^freed 4\.\d MB \(2 items\)$/m);
    expect(existsSync(oldDir)).toBe(false);
    expect(existsSync(oldBase)).toBe(false);
    for (const kept of [currentDir, currentBase, usedDir, elsewhereDir, work, disk, otherDisk])
      expect(existsSync(kept), kept).toBe(true);
    expect(real.stdout).toContain(`used by machine theirs (${elsewhereStore})`);
    expect(real.stdout).toMatch(new RegExp(`^left .*${work}`, 'm'));

    const again = await onramp(['prune']);
    expect(again.stdout).toMatch(/^nothing to remove$/m);
  });

  it('the bound after a build keeps the N most recently used unused images (use.json), removes the rest', async () => {
    const current = imageKeys(await loadRecipe(MIRROR));
    const dirs: string[] = [];
    for (const [i, c] of ['1', '2', '3'].entries()) {
      const dir = await image(c.repeat(64), current.base);
      await recordImageUse(dir, join(home, 'gone', 'machines.json'), new Date(Date.UTC(2026, 10, 10 + i)));
      dirs.push(dir);
    }
    const lines: string[] = [];
    const env = { ONRAMP_CACHE_DIR: join(home, 'cache'), ONRAMP_DATA_DIR: join(home, 'data') };
    await enforceImageBound(env, MIRROR, 1, (l) => lines.push(l));
    expect(dirs.map((d) => existsSync(d))).toEqual([false, false, true]);
    expect(lines.at(-1)).toMatch(/^image cache: freed 2\.\d MB; 1 unused image kept \(ONRAMP_LAB_IMAGE_KEEP\)$/);
  });

  it('refuses a bad --keep', async () => {
    const out = await onramp(['prune', '--keep', 'two']);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/--keep is "two"; expected a whole number/);
  });
});
