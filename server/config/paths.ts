// Where Onramp keeps its files: the platform's config/cache dirs (env-paths), overridable for tests.
import envPaths from 'env-paths';

const paths = envPaths('onramp', { suffix: '' });

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ONRAMP_CONFIG_DIR ?? paths.config;
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ONRAMP_CACHE_DIR ?? paths.cache;
}

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ONRAMP_DATA_DIR ?? paths.data;
}
