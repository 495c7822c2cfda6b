// Where chapters live: ONRAMP_CONTENT_DIRS (colon-separated), default `content`, resolved
// against the repository root (found from this file, so the caller's cwd does not matter).
import path from 'node:path';
import { repoRoot } from '../repo-root';

export { repoRoot };

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
