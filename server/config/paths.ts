// Where Onramp keeps its files: the platform's config/cache dirs (env-paths), overridable for tests.
import envPaths from 'env-paths';
import { homedir } from 'node:os';
import { join } from 'node:path';

const paths = envPaths('onramp', { suffix: '' });

/** An environment to read settings from: `process.env`, or a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

export function configDir(env: Env = process.env): string {
  return env.ONRAMP_CONFIG_DIR ?? paths.config;
}

export function cacheDir(env: Env = process.env): string {
  return env.ONRAMP_CACHE_DIR ?? paths.cache;
}

export function dataDir(env: Env = process.env): string {
  return env.ONRAMP_DATA_DIR ?? paths.data;
}

/**
 * `path` with a leading `~` or `~/` read as `home` (default: this user's home), as a shell and
 * OpenSSH's IdentityFile read it; any other path unchanged (`~user/` forms are not expanded).
 */
export function expandHome(path: string, home: string = homedir()): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}
