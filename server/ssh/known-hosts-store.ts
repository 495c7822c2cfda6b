// Thin I/O around known-hosts files: read the user's ~/.ssh/known_hosts and Onramp's own file
// (in the config dir), append an accepted key, forget a host. Missing files are empty.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/atomic-write';
import { configDir } from '../config/paths';
import { hostFieldMatches, knownHostLine, parseKnownHosts } from './known-hosts';
import type { KnownHostsFile } from './host-key-verdict';
import { errorMessage } from '../../protocol/result';

export interface KnownHostsPaths {
  /** Read only: the user's OpenSSH file. */
  readonly user: string;
  /** Read and written: keys the user accepted in Onramp. */
  readonly onramp: string;
}

export function defaultKnownHostsPaths(
  env: Readonly<Record<string, string | undefined>> = process.env,
): KnownHostsPaths {
  return {
    user: env.ONRAMP_SSH_KNOWN_HOSTS ?? join(homedir(), '.ssh', 'known_hosts'),
    onramp: join(configDir(env), 'known_hosts'),
  };
}

async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

export async function readKnownHostsFile(file: string): Promise<KnownHostsFile> {
  try {
    return { file, entries: parseKnownHosts(await readOptional(file), file) };
  } catch (err) {
    return { file, error: errorMessage(err) };
  }
}

export async function readKnownHosts(paths: KnownHostsPaths): Promise<KnownHostsFile[]> {
  return Promise.all([readKnownHostsFile(paths.user), readKnownHostsFile(paths.onramp)]);
}

/** Trust a key for host:port from now on (the user accepted its fingerprint). */
export async function acceptHostKey(
  paths: KnownHostsPaths,
  host: string,
  port: number,
  keyBlob: Buffer,
): Promise<void> {
  const text = await readOptional(paths.onramp);
  const prefix = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  await writeFileAtomic(paths.onramp, `${prefix}${knownHostLine(host, port, keyBlob)}\n`);
}

/** Onramp's "forget this host": drop its lines from Onramp's file; returns how many went. */
export async function forgetHost(paths: KnownHostsPaths, host: string, port: number): Promise<number> {
  const text = await readOptional(paths.onramp);
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const kept = lines.filter((l) => {
    const [entry] = parseKnownHosts(l, paths.onramp);
    return !(entry && entry.marker === null && hostFieldMatches(entry.hosts, host, port));
  });
  if (kept.length !== lines.length) await writeFileAtomic(paths.onramp, kept.map((l) => `${l}\n`).join(''));
  return lines.length - kept.length;
}
