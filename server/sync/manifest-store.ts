// Where the manifest of the last sync to a target and destination is kept (cache dir, 0600).
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/atomic-write';
import { cacheDir } from '../config/paths';
import type { Manifest } from './manifest';

export interface ManifestStore {
  load(key: string): Promise<Manifest | null>;
  save(key: string, manifest: Manifest): Promise<void>;
  forget(key: string): Promise<void>;
}

export function fileManifestStore(dir: string = join(cacheDir(), 'sync')): ManifestStore {
  const file = (key: string) => join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  return {
    async load(key) {
      try {
        const data = JSON.parse(await readFile(file(key), 'utf8')) as { key?: string; manifest?: Manifest };
        return data.key === key && data.manifest ? data.manifest : null;
      } catch {
        return null;
      }
    },
    async save(key, manifest) {
      await writeFileAtomic(file(key), JSON.stringify({ key, manifest }));
    },
    async forget(key) {
      await rm(file(key), { force: true });
    },
  };
}
