// The lab image recipe (Debian suite, mirror, package list, the build and provisioning scripts)
// and the cache keys derived from it: same recipe, same key, no rebuild.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../../../lib/repo-root';

/** The lab's scripts and package lists (lab/ in the checkout), with a trailing slash. */
export const LAB_DIR = join(repoRoot(), 'lab') + '/';
export const DEBIAN_SUITE = 'bookworm';

/** `xen`: the ready-made lab dom0. `plain`: Debian 12 as installed, booting through GRUB, no Xen. */
export const RECIPE_NAMES = ['xen', 'plain'] as const;
export type RecipeName = (typeof RECIPE_NAMES)[number];

interface RecipeLayout {
  /** Files (under lab/) that make the debootstrap base; the first package list names its packages. */
  readonly base: readonly string[];
  readonly packages: string;
  /** Files that turn the base into the image. */
  readonly image: readonly string[];
}

const LAYOUTS: Readonly<Record<RecipeName, RecipeLayout>> = {
  xen: {
    base: ['build-base.sh', 'image-packages.txt'],
    packages: 'image-packages.txt',
    image: ['build-image.sh', 'provision-dom0.sh', 'seed-apply.sh', 'onramp-seed.service'],
  },
  plain: {
    base: ['build-base.sh', 'plain/image-packages.txt'],
    packages: 'plain/image-packages.txt',
    image: [
      'plain/build-plain.sh',
      'plain/provision-plain.sh',
      'plain/grub-firstboot.sh',
      'plain/onramp-firstboot.service',
      'plain/build-apt-repo.sh',
      'plain/guide-packages.txt',
      'seed-apply.sh',
      'onramp-seed.service',
    ],
  },
};

/** The recipe name `--recipe` gave, or why it is not one. Pure. */
export function recipeNameProblem(name: string): string | null {
  return (RECIPE_NAMES as readonly string[]).includes(name)
    ? null
    : `unknown recipe "${name}": the qemu driver builds "xen" (the lab dom0, Xen ready) or "plain" (Debian 12 as installed, booting through GRUB, no Xen)`;
}

export interface ImageRecipe {
  /** Absent means `xen` (records made before there were recipes). */
  readonly name?: RecipeName;
  readonly suite: string;
  readonly mirror: string;
  readonly packages: readonly string[];
  /** File name -> text, for every script the build runs. */
  readonly files: Readonly<Record<string, string>>;
}

export interface ImageKeys {
  /** Key of the debootstrap tarball (suite, mirror, packages, stage-1 script). */
  readonly base: string;
  /** Key of the finished image (base key plus the provisioning scripts). */
  readonly image: string;
}

function sha256(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest('hex');
}

export function parsePackageList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function imageKeys(recipe: ImageRecipe): ImageKeys {
  const name = recipe.name ?? 'xen';
  const layout = LAYOUTS[name];
  // the xen recipe's keys stay what they were before recipes had names (no needless rebuild)
  const tag = name === 'xen' ? [] : [`recipe:${name}`];
  const base = sha256([
    ...tag,
    recipe.suite,
    recipe.mirror,
    ...recipe.packages,
    ...layout.base.map((f) => recipe.files[f] ?? ''),
  ]);
  const image = sha256([base, ...layout.image.map((f) => recipe.files[f] ?? '')]);
  return { base, image };
}

/** The recipe `name` as lab/ has it now, for images built from `mirror`. */
export async function loadRecipe(
  mirror: string,
  labDir: string = LAB_DIR,
  name: RecipeName = 'xen',
): Promise<ImageRecipe> {
  const layout = LAYOUTS[name];
  const files: Record<string, string> = {};
  for (const file of [...layout.base, ...layout.image]) files[file] = await readFile(join(labDir, file), 'utf8');
  return { name, suite: DEBIAN_SUITE, mirror, packages: parsePackageList(files[layout.packages] ?? ''), files };
}

/** The package list file of a recipe, relative to lab/. */
export function packagesFileOf(name: RecipeName): string {
  return LAYOUTS[name].packages;
}
