// The environment of a command Onramp starts on this computer. Pure.
import { delimiter, join } from 'node:path';
import { repoRoot } from '../../lib/repo-root';

/**
 * Onramp's own `bin/` (absolute, no trailing slash): it holds `onramp` (a link to onramp.mjs), so
 * a step whose command is `onramp machine create …` runs this Onramp, installed or not (`npm ci`
 * in a clone puts no `onramp` on the PATH; `npm link` would, and needs root on Debian).
 */
export const ONRAMP_BIN_DIR = join(repoRoot(), 'bin');

/**
 * The environment for a local command: `base` (the server's own environment), with ONRAMP_BIN_DIR
 * first on PATH (once), then `extra` (the step's parameters, which never name PATH: they are
 * checked against the step's declared names). Returns a new object.
 */
export function localCommandEnv(
  base: NodeJS.ProcessEnv,
  extra: Readonly<Record<string, string>> = {},
): NodeJS.ProcessEnv {
  const entries = (base.PATH ?? '').split(delimiter).filter((p) => p !== '' && p !== ONRAMP_BIN_DIR);
  return { ...base, PATH: [ONRAMP_BIN_DIR, ...entries].join(delimiter), ...extra };
}
