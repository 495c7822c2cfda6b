// Which Debian mirror this host's apt already uses: debootstrap must talk to the same one.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The first Debian archive URI for `suite` in one-line or deb822 apt sources. Pure. */
export function debianMirrorFromSources(texts: readonly string[], suite: string): string | undefined {
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s/.exec(line);
      if (m && m[2] === suite && m[1]) return m[1];
    }
    for (const stanza of text.split(/\n\s*\n/)) {
      const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim();
      const types = field('Types')?.split(/\s+/) ?? [];
      const suites = field('Suites')?.split(/\s+/) ?? [];
      const uri = field('URIs')?.split(/\s+/)[0];
      if (types.includes('deb') && suites.includes(suite) && uri) return uri;
    }
  }
  return undefined;
}

export async function hostDebianMirror(
  suite: string,
  env: NodeJS.ProcessEnv = process.env,
  root = '/etc/apt',
): Promise<string> {
  if (env.ONRAMP_LAB_MIRROR) return env.ONRAMP_LAB_MIRROR;
  const texts: string[] = [];
  const read = async (path: string) => {
    try {
      texts.push(await readFile(path, 'utf8'));
    } catch {
      // absent sources file
    }
  };
  await read(join(root, 'sources.list'));
  try {
    for (const name of (await readdir(join(root, 'sources.list.d'))).sort()) {
      if (name.endsWith('.list') || name.endsWith('.sources')) await read(join(root, 'sources.list.d', name));
    }
  } catch {
    // no sources.list.d
  }
  const mirror = debianMirrorFromSources(texts, suite);
  if (!mirror) {
    throw new Error(
      `no apt source for Debian ${suite} in ${root}/sources.list or ${root}/sources.list.d; the lab image is built from the mirror apt already uses. Add one, or set ONRAMP_LAB_MIRROR to a Debian mirror URL`,
    );
  }
  return mirror;
}
