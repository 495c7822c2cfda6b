// The lab image recipe (Debian suite, mirror, package list, the build and provisioning scripts)
// and the cache keys derived from it: same recipe, same key, no rebuild.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAB_DIR = fileURLToPath(new URL('../../../lab/', import.meta.url));
export const DEBIAN_SUITE = 'bookworm';

const BASE_FILES = ['build-base.sh', 'image-packages.txt'] as const;
const IMAGE_FILES = ['build-image.sh', 'provision-dom0.sh', 'seed-apply.sh', 'onramp-seed.service'] as const;

export interface ImageRecipe {
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
  const base = sha256([
    recipe.suite,
    recipe.mirror,
    ...recipe.packages,
    ...BASE_FILES.map((f) => recipe.files[f] ?? ''),
  ]);
  const image = sha256([base, ...IMAGE_FILES.map((f) => recipe.files[f] ?? '')]);
  return { base, image };
}

export async function loadRecipe(mirror: string, labDir: string = LAB_DIR): Promise<ImageRecipe> {
  const files: Record<string, string> = {};
  for (const name of [...BASE_FILES, ...IMAGE_FILES]) files[name] = await readFile(join(labDir, name), 'utf8');
  return { suite: DEBIAN_SUITE, mirror, packages: parsePackageList(files['image-packages.txt'] ?? ''), files };
}
