// Garbage collection of the lab image cache (`lab-images/` under the cache dir): `onramp machine
// prune` and the bound enforced after a new image is built. An image (~1 GB) or base tarball
// (~0.8 GB) goes only when no machine in any known store uses it and no current recipe builds
// it; a machine's own disk (a qcow2 overlay on an image's rootfs.raw) is never touched. Each
// image records its last use (use.json: when, and which machine stores used it), so the stores
// of another data dir (the lab lane's, a test's) are known too.
import { lstat, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../config/atomic-write';
import { cacheDir, type Env } from '../../config/paths';
import { loadMachines, storePath } from '../store';
import { labImagesDir } from './image-cache';
import { imageKeys, loadRecipe, RECIPE_NAMES } from './image-recipe';

/** Unreferenced, non-current images kept after a build besides the current ones (ONRAMP_LAB_IMAGE_KEEP). */
export const DEFAULT_IMAGE_KEEP = 1;

export interface CachedImage {
  /** The directory's name: the image key's first 16 hex digits. */
  readonly name: string;
  readonly path: string;
  /** Disk space its files take (allocated blocks: rootfs.raw is sparse), bytes. */
  readonly sizeBytes: number;
  /** recipe.json exists: the build finished. */
  readonly complete: boolean;
  readonly baseKey?: string;
  /** Last use (use.json), else build time (recipe.json), else the directory's mtime; ms since the epoch. */
  readonly lastUsedMs: number;
}

export interface CachedBase {
  /** `base-<16 hex>.tar` */
  readonly name: string;
  readonly path: string;
  readonly sizeBytes: number;
  /** The base key's first 16 hex digits. */
  readonly keyPrefix: string;
  /** When the tarball was written, ms since the epoch. */
  readonly mtimeMs: number;
}

export interface ImageCacheListing {
  readonly images: readonly CachedImage[];
  readonly bases: readonly CachedBase[];
  /** Anything else (a build's `*.work.*` folder, stray files): never removed. */
  readonly others: readonly string[];
}

/** A machine record's image, with where it was found. */
export interface ImageUse {
  readonly machine: string;
  readonly store: string;
  readonly imageKey: string;
}

export interface PruneInput {
  readonly listing: ImageCacheListing;
  readonly used: readonly ImageUse[];
  /** Full image and base keys of every current recipe (what `create` would build now). */
  readonly current: { readonly imageKeys: readonly string[]; readonly baseKeys: readonly string[] };
  /** Unreferenced, non-current complete images kept anyway, most recently used first (0: prune all). */
  readonly keepRecent: number;
  /** Now, ms since the epoch: a base written less than FRESH_BASE_MS ago may feed a build running now. */
  readonly nowMs: number;
}

/** A base tarball younger than this (ms) is kept: another build (another checkout's recipe) may be using it. */
export const FRESH_BASE_MS = 60 * 60 * 1000;

export interface PruneItem {
  readonly path: string;
  readonly sizeBytes: number;
  readonly why: string;
}

export interface PrunePlan {
  readonly remove: readonly PruneItem[];
  readonly keep: readonly PruneItem[];
  /** Entries left alone because they may be a build in progress (or are not the cache's). */
  readonly untouched: readonly PruneItem[];
  readonly freedBytes: number;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** What to remove from the image cache and why, what stays and why. Pure. */
export function planPrune(input: PruneInput): PrunePlan {
  const { listing, used, current } = input;
  const remove: PruneItem[] = [];
  const keep: PruneItem[] = [];
  const untouched: PruneItem[] = listing.others.map((path) => ({
    path,
    sizeBytes: 0,
    why: 'not a finished image or base: a build in progress, or not the cache’s; remove it by hand if no build runs',
  }));
  const keptBaseKeys = new Set<string>();
  const unreferenced: CachedImage[] = [];
  for (const image of listing.images) {
    const users = used.filter((u) => u.imageKey.startsWith(image.name));
    const currentOne = current.imageKeys.some((k) => k.startsWith(image.name));
    if (!image.complete) {
      untouched.push({
        path: image.path,
        sizeBytes: image.sizeBytes,
        why: 'no recipe.json: a build in progress or one that failed; remove it by hand if no build runs',
      });
      continue;
    }
    if (users.length > 0 || currentOne) {
      const why = [
        ...(currentOne ? ['a current recipe’s image'] : []),
        ...users.map((u) => `used by machine ${u.machine} (${u.store})`),
      ].join('; ');
      keep.push({ path: image.path, sizeBytes: image.sizeBytes, why });
      if (image.baseKey) keptBaseKeys.add(image.baseKey);
      continue;
    }
    unreferenced.push(image);
  }
  const byRecentUse = [...unreferenced].sort((a, b) => b.lastUsedMs - a.lastUsedMs);
  byRecentUse.forEach((image, i) => {
    if (i < input.keepRecent) {
      keep.push({
        path: image.path,
        sizeBytes: image.sizeBytes,
        why: `unused, kept as one of the ${input.keepRecent} most recently used (last used ${day(image.lastUsedMs)} UTC)`,
      });
      if (image.baseKey) keptBaseKeys.add(image.baseKey);
    } else {
      remove.push({
        path: image.path,
        sizeBytes: image.sizeBytes,
        why: `image no machine uses and no current recipe builds (last used ${day(image.lastUsedMs)} UTC)`,
      });
    }
  });
  for (const base of listing.bases) {
    const currentOne = current.baseKeys.some((k) => k.startsWith(base.keyPrefix));
    const keptImage = [...keptBaseKeys].some((k) => k.startsWith(base.keyPrefix));
    const fresh = input.nowMs - base.mtimeMs < FRESH_BASE_MS;
    if (currentOne || keptImage || fresh) {
      keep.push({
        path: base.path,
        sizeBytes: base.sizeBytes,
        why: currentOne
          ? 'a current recipe’s debootstrap base'
          : keptImage
            ? 'the base of a kept image'
            : 'written within the last hour: a build may be using it',
      });
    } else {
      remove.push({
        path: base.path,
        sizeBytes: base.sizeBytes,
        why: 'debootstrap base of no kept image and no current recipe',
      });
    }
  }
  return { remove, keep, untouched, freedBytes: remove.reduce((n, r) => n + r.sizeBytes, 0) };
}

/** Bytes as people read them (1000-based, like du -h --si). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** The plan as lines for a terminal: what goes, what stays, what is left alone, the total. */
export function formatPrunePlan(plan: PrunePlan, dryRun: boolean): string[] {
  const row = (verb: string, item: PruneItem) =>
    `${verb.padEnd(9)} ${(item.sizeBytes > 0 ? formatBytes(item.sizeBytes) : '').padStart(7)}  ${item.path}  (${item.why})`;
  return [
    ...plan.remove.map((i) => row(dryRun ? 'would rm' : 'removed', i)),
    ...plan.keep.map((i) => row('kept', i)),
    ...plan.untouched.map((i) => row('left', i)),
    plan.remove.length === 0
      ? 'nothing to remove'
      : `${dryRun ? 'would free' : 'freed'} ${formatBytes(plan.freedBytes)} (${plan.remove.length} item${plan.remove.length === 1 ? '' : 's'})${dryRun ? '; nothing was removed (--dry-run)' : ''}`,
  ];
}

const UseSchema = z.object({ lastUsedAt: z.string(), stores: z.array(z.string()) });
const RecipeMetaSchema = z.object({ baseKey: z.string().optional(), builtAt: z.string().optional() });
export const USE_FILE = 'use.json';

async function readJson<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Records that `store`'s machine used the image in `imageDir` now (use.json). Never throws. */
export async function recordImageUse(imageDir: string, store: string, now: Date = new Date()): Promise<void> {
  const path = join(imageDir, USE_FILE);
  const before = await readJson(path, UseSchema);
  const stores = [...new Set([...(before?.stores ?? []), store])].sort();
  await writeFileAtomic(path, `${JSON.stringify({ lastUsedAt: now.toISOString(), stores }, null, 2)}\n`, 0o644).catch(
    () => undefined,
  );
}

async function allocatedBytes(path: string): Promise<number> {
  const s = await lstat(path);
  if (!s.isDirectory()) return s.blocks * 512;
  let total = 0;
  for (const entry of await readdir(path)) total += await allocatedBytes(join(path, entry)).catch(() => 0);
  return total;
}

/** What the image cache under `cacheRoot` holds; an empty listing when there is none. */
export async function scanImageCache(cacheRoot: string): Promise<ImageCacheListing> {
  const dir = labImagesDir(cacheRoot);
  const entries = await readdir(dir).catch(() => [] as string[]);
  const images: CachedImage[] = [];
  const bases: CachedBase[] = [];
  const others: string[] = [];
  for (const name of entries.sort()) {
    const path = join(dir, name);
    const info = await lstat(path);
    const baseMatch = /^base-([0-9a-f]{16})\.tar$/.exec(name);
    if (info.isFile() && baseMatch) {
      bases.push({ name, path, sizeBytes: info.blocks * 512, keyPrefix: baseMatch[1]!, mtimeMs: info.mtimeMs });
    } else if (info.isDirectory() && /^[0-9a-f]{16}$/.test(name)) {
      const meta = await readJson(join(path, 'recipe.json'), RecipeMetaSchema);
      const use = await readJson(join(path, USE_FILE), UseSchema);
      const when = Date.parse(use?.lastUsedAt ?? meta?.builtAt ?? '');
      images.push({
        name,
        path,
        sizeBytes: await allocatedBytes(path),
        complete: meta !== undefined,
        ...(meta?.baseKey ? { baseKey: meta.baseKey } : {}),
        lastUsedMs: Number.isFinite(when) ? when : info.mtimeMs,
      });
    } else {
      others.push(path);
    }
  }
  return { images, bases, others };
}

/** The machine stores known for `env`: its data dir's, the lab lane's, and every one an image's use.json names. */
export function knownStores(env: Env, recorded: readonly string[]): string[] {
  return [
    ...new Set([
      storePath(env as NodeJS.ProcessEnv),
      join(cacheDir(env), 'lab-lane', 'machines', 'machines.json'),
      ...recorded,
    ]),
  ];
}

/** Every machine (of any driver) in `stores` with its image key; a store that does not exist holds none. Throws on an unreadable store. */
export async function imageUses(stores: readonly string[]): Promise<ImageUse[]> {
  const uses: ImageUse[] = [];
  for (const store of stores) {
    const exists = await stat(store).then(
      () => true,
      () => false,
    );
    if (!exists) continue;
    for (const m of await loadMachines(store)) uses.push({ machine: m.name, store, imageKey: m.imageKey });
  }
  return uses;
}

/** Image and base keys of every current recipe built from `mirror`. */
export async function currentRecipeKeys(mirror: string): Promise<PruneInput['current']> {
  const keys = await Promise.all(
    RECIPE_NAMES.map(async (name) => imageKeys(await loadRecipe(mirror, undefined, name))),
  );
  return { imageKeys: keys.map((k) => k.image), baseKeys: keys.map((k) => k.base) };
}

/** The plan for the cache of `env` (its cache dir, stores and current recipes). */
export async function planCachePrune(
  env: Env,
  mirror: string,
  keepRecent: number,
): Promise<{ plan: PrunePlan; stores: string[] }> {
  const cacheRoot = cacheDir(env);
  const listing = await scanImageCache(cacheRoot);
  const recorded: string[] = [];
  for (const image of listing.images) {
    const use = await readJson(join(image.path, USE_FILE), UseSchema);
    recorded.push(...(use?.stores ?? []));
  }
  const stores = knownStores(env, recorded);
  const plan = planPrune({
    listing,
    used: await imageUses(stores),
    current: await currentRecipeKeys(mirror),
    keepRecent,
    nowMs: Date.now(),
  });
  return { plan, stores };
}

/** Removes what the plan says, nothing else. */
export async function applyPrune(plan: PrunePlan): Promise<void> {
  for (const item of plan.remove) await rm(item.path, { recursive: true, force: true });
}

/** ONRAMP_LAB_IMAGE_KEEP: how many unused images the bound keeps besides current and used ones. */
export function imageKeepFromEnv(env: Env): number {
  const raw = env.ONRAMP_LAB_IMAGE_KEEP;
  if (raw === undefined || raw === '') return DEFAULT_IMAGE_KEEP;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`ONRAMP_LAB_IMAGE_KEEP is "${raw}"; expected a whole number ≥ 0 (unused lab images kept)`);
  return n;
}

/**
 * The cache bound, run after a new image is built: removes what planCachePrune would with
 * `keep` unused images kept, and says so on `report`. Never throws (a failed prune only reports).
 */
export async function enforceImageBound(
  env: Env,
  mirror: string,
  keep: number,
  report: (line: string) => void,
): Promise<void> {
  try {
    const { plan } = await planCachePrune(env, mirror, keep);
    if (plan.remove.length === 0) return;
    await applyPrune(plan);
    for (const item of plan.remove)
      report(`image cache: removed ${formatBytes(item.sizeBytes)} ${item.path} (${item.why})`);
    report(
      `image cache: freed ${formatBytes(plan.freedBytes)}; ${keep} unused image${keep === 1 ? '' : 's'} kept (ONRAMP_LAB_IMAGE_KEEP)`,
    );
  } catch (err) {
    report(`image cache: not pruned (${err instanceof Error ? err.message : String(err)}); run onramp machine prune`);
  }
}
