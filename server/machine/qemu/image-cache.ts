// Build the lab image once per recipe and keep it in the cache dir:
//   lab-images/base-<key>.tar     debootstrap result (slow: minutes)
//   lab-images/<key>/             xen, vmlinuz, initrd.img, rootfs.raw (seconds from the base)
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mustRun } from '../run-tool';
import type { Progress } from '../progress';
import { imageKeys, LAB_DIR, type ImageRecipe } from './image-recipe';

export interface LabImage {
  readonly key: string;
  readonly dir: string;
  readonly xen: string;
  readonly vmlinuz: string;
  readonly initrd: string;
  readonly rootfs: string;
}

export function labImagesDir(cacheRoot: string): string {
  return join(cacheRoot, 'lab-images');
}

export function labImageAt(cacheRoot: string, key: string): LabImage {
  const dir = join(labImagesDir(cacheRoot), key.slice(0, 16));
  return {
    key,
    dir,
    xen: join(dir, 'xen'),
    vmlinuz: join(dir, 'vmlinuz'),
    initrd: join(dir, 'initrd.img'),
    rootfs: join(dir, 'rootfs.raw'),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function scriptProgress(progress: Progress): (line: string) => void {
  return (line) => {
    if (line.startsWith('phase: ')) progress.phase(`image: ${line.slice('phase: '.length)}`);
  };
}

/** The image for this recipe, building what the cache lacks. Reports build time in `built`. */
export async function ensureLabImage(
  recipe: ImageRecipe,
  cacheRoot: string,
  progress: Progress,
): Promise<{ image: LabImage; built: boolean; seconds: number }> {
  const keys = imageKeys(recipe);
  const image = labImageAt(cacheRoot, keys.image);
  if (await exists(join(image.dir, 'recipe.json'))) {
    progress.phase(`image: cached ${image.dir}`);
    return { image, built: false, seconds: 0 };
  }
  const started = Date.now();
  await mkdir(labImagesDir(cacheRoot), { recursive: true, mode: 0o700 });
  const base = join(labImagesDir(cacheRoot), `base-${keys.base.slice(0, 16)}.tar`);
  const packagesFile = join(LAB_DIR, 'image-packages.txt');
  if (await exists(base)) {
    progress.phase(`image: cached base ${base}`);
  } else {
    progress.phase(`image: debootstrap ${recipe.suite} (${recipe.packages.length} packages), a few minutes`);
    await mustRun(join(LAB_DIR, 'build-base.sh'), [base, recipe.suite, recipe.mirror, packagesFile], {
      onLine: scriptProgress(progress),
    });
  }
  await mustRun(join(LAB_DIR, 'build-image.sh'), [base, image.dir], { onLine: scriptProgress(progress) });
  const meta = {
    key: keys.image,
    baseKey: keys.base,
    suite: recipe.suite,
    mirror: recipe.mirror,
    packages: recipe.packages,
    builtAt: new Date().toISOString(),
  };
  await writeFile(join(image.dir, 'recipe.json'), `${JSON.stringify(meta, null, 2)}\n`);
  const seconds = (Date.now() - started) / 1000;
  progress.phase(`image: built in ${seconds.toFixed(1)} s`);
  return { image, built: true, seconds };
}
