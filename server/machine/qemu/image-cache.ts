// Build the lab image once per recipe and keep it in the cache dir:
//   lab-images/base-<key>.tar     debootstrap result (slow: minutes)
//   lab-images/<key>/             xen, vmlinuz, initrd.img, rootfs.raw (seconds from the base)
//   lab-images/<key>/disk.raw     the plain recipe: a partitioned disk with GRUB (one boot to install it)
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../run-tool';
import type { Progress } from '../progress';
import type { RootBuild } from './root-build';
import { imageKeys, LAB_DIR, packagesFileOf, type ImageRecipe } from './image-recipe';
import { grubInstallBootArgs, type Accel } from './qemu-args';

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

/**
 * The image for this recipe, building what the cache lacks; the build scripts run through
 * `asRoot` (root-build.ts), the rest as this process. Reports build time in `built`.
 */
export async function ensureLabImage(
  recipe: ImageRecipe,
  cacheRoot: string,
  progress: Progress,
  asRoot: RootBuild,
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
    await asRoot(
      { script: join(LAB_DIR, 'build-base.sh'), args: [base, recipe.suite, recipe.mirror, packagesFile], output: base },
      scriptProgress(progress),
    );
  }
  await asRoot(
    { script: join(LAB_DIR, 'build-image.sh'), args: [base, image.dir], output: image.dir },
    scriptProgress(progress),
  );
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

/** The plain recipe's cached image: a partitioned disk with GRUB installed. */
export interface PlainImage {
  readonly key: string;
  readonly dir: string;
  readonly disk: string;
  /** The guide's packages as an apt repository on an ext4 disk (build-apt-repo.sh). */
  readonly aptRepo: string;
}

export function plainImageAt(cacheRoot: string, key: string): PlainImage {
  const dir = join(labImagesDir(cacheRoot), key.slice(0, 16));
  return { key, dir, disk: join(dir, 'disk.raw'), aptRepo: join(dir, 'apt-repo.raw') };
}

/** What the GRUB install boot printed last on the serial console, for an error. */
async function serialTailOf(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '(no serial log)');
  return text.split('\n').slice(-30).join('\n');
}

const GRUB_INSTALLED = 'onramp-firstboot: GRUB installed';

/**
 * The plain image for this recipe, building what the cache lacks: the debootstrap base (shared
 * layout with the xen recipe), the partitioned disk (build-plain.sh), then one QEMU boot through
 * -kernel that installs GRUB on the disk and powers off (tried with each accelerator in turn),
 * then the apt repository of the guide's packages (build-apt-repo.sh).
 * The image counts as built only once that boot printed its marker. Throws with the serial tail.
 */
export async function ensurePlainImage(
  recipe: ImageRecipe,
  cacheRoot: string,
  accels: readonly Accel[],
  progress: Progress,
  asRoot: RootBuild,
): Promise<{ image: PlainImage; built: boolean; seconds: number }> {
  const keys = imageKeys(recipe);
  const image = plainImageAt(cacheRoot, keys.image);
  if (await exists(join(image.dir, 'recipe.json'))) {
    progress.phase(`image: cached ${image.dir}`);
    return { image, built: false, seconds: 0 };
  }
  const started = Date.now();
  await mkdir(labImagesDir(cacheRoot), { recursive: true, mode: 0o700 });
  const base = join(labImagesDir(cacheRoot), `base-${keys.base.slice(0, 16)}.tar`);
  if (await exists(base)) {
    progress.phase(`image: cached base ${base}`);
  } else {
    progress.phase(`image: debootstrap ${recipe.suite} (${recipe.packages.length} packages), a few minutes`);
    await asRoot(
      {
        script: join(LAB_DIR, 'build-base.sh'),
        args: [base, recipe.suite, recipe.mirror, join(LAB_DIR, packagesFileOf('plain'))],
        output: base,
      },
      scriptProgress(progress),
    );
  }
  await rm(image.dir, { recursive: true, force: true });
  await asRoot(
    { script: join(LAB_DIR, 'plain', 'build-plain.sh'), args: [base, image.dir], output: image.dir },
    scriptProgress(progress),
  );
  const rootUuid = (await readFile(join(image.dir, 'root-uuid'), 'utf8')).trim();
  const serialLog = join(image.dir, 'grub-install-boot.log');
  const failures: string[] = [];
  for (const accel of accels) {
    progress.phase(`image: booting once (${accel}, -kernel) to install GRUB on the disk`);
    await rm(serialLog, { force: true });
    const result = await runTool(
      'qemu-system-x86_64',
      grubInstallBootArgs({
        accel,
        disk: image.disk,
        vmlinuz: join(image.dir, 'vmlinuz'),
        initrd: join(image.dir, 'initrd.img'),
        rootUuid,
        serialLog,
      }),
      { timeoutMs: accel === 'kvm' ? 300_000 : 1_200_000 },
    );
    const serial = await readFile(serialLog, 'utf8').catch(() => '');
    if (result.code === 0 && serial.includes(GRUB_INSTALLED)) {
      failures.length = 0;
      break;
    }
    failures.push(
      `${accel}: QEMU ${result.signal ? `was killed by ${result.signal}` : `exited with ${result.code}`}, no "${GRUB_INSTALLED}" on the serial console; ${result.stderr.trim()}\n--- serial log tail (${serialLog}) ---\n${await serialTailOf(serialLog)}`,
    );
  }
  if (failures.length > 0) throw new Error(`the plain image's GRUB install boot failed:\n${failures.join('\n')}`);
  for (const f of ['vmlinuz', 'initrd.img']) await rm(join(image.dir, f), { force: true });
  await asRoot(
    {
      script: join(LAB_DIR, 'plain', 'build-apt-repo.sh'),
      args: [base, join(LAB_DIR, 'plain', 'guide-packages.txt'), image.aptRepo],
      output: image.aptRepo,
    },
    scriptProgress(progress),
  );
  const meta = {
    key: keys.image,
    baseKey: keys.base,
    recipe: 'plain',
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
