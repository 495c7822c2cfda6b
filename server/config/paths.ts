// Where Onramp keeps its files: the platform's config/cache dirs (env-paths), overridable for tests.
import envPaths from 'env-paths';

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
