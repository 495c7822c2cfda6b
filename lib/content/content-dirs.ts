// Where chapters live: ONRAMP_CONTENT_DIRS (colon-separated), default `content`, resolved
// against the repository root (found from this file, so the caller's cwd does not matter).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const isRepoRoot = (dir: string) => existsSync(path.join(dir, 'lib', 'content', 'content-dirs.ts'));

export function repoRoot(): string {
  let fromModule: string | undefined;
  try {
    fromModule = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  } catch {
    // A bundler rewrote import.meta.url to a non-file URL: fall back to the cwd below.
  }
  // Bundled into .next/ the module path no longer points into the repo; the build runs from its root.
  return fromModule !== undefined && isRepoRoot(fromModule) ? fromModule : process.cwd();
}

/** `env` is process.env or any plain object (Next's ProcessEnv typing requires NODE_ENV, so not that type). */
export function contentDirs(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const root = repoRoot();
  const raw = env.ONRAMP_CONTENT_DIRS ?? 'content';
  const dirs = raw.split(':').map((d) => d.trim()).filter(Boolean);
  return (dirs.length > 0 ? dirs : ['content']).map((d) => path.resolve(root, d));
}

/** A path as shown in messages: relative to the repo root when inside it (content/opam.mdx). */
export function displayPath(file: string): string {
  const rel = path.relative(repoRoot(), file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}
