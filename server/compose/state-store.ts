// What `up` made, kept in the config dir (compose/PROJECT.json), so `ps`, `logs` and `down`
// work without the compose file and a second `up` can tell what changed.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../config/atomic-write';
import { configDir, type Env } from '../config/paths';

const ServiceRecord = z.object({
  domain: z.string(),
  hash: z.string(),
  addresses: z.array(z.string()),
  /** ISO time the domain was created. */
  createdAt: z.string(),
  health: z.enum(['healthy', 'unhealthy', 'none']),
  consoleLog: z.string(),
});

export const ComposeStateSchema = z.object({
  project: z.string(),
  file: z.string().optional(),
  remoteDir: z.string(),
  /** Bridges this project created (and so `down` removes); pre-existing ones are never touched. */
  createdBridges: z.array(z.string()),
  /** Creation order of the services below. */
  order: z.array(z.string()),
  services: z.record(z.string(), ServiceRecord),
});

export type ComposeState = z.infer<typeof ComposeStateSchema>;
export type ServiceRecord = z.infer<typeof ServiceRecord>;

export function emptyState(project: string, remoteDir: string): ComposeState {
  return { project, remoteDir, createdBridges: [], order: [], services: {} };
}

export function composeStatePath(project: string, env: Env = process.env): string {
  return join(configDir(env), 'compose', `${project}.json`);
}

export interface StateStore {
  load(project: string): Promise<ComposeState | null>;
  save(state: ComposeState): Promise<void>;
  remove(project: string): Promise<void>;
}

export function fileStateStore(env: Env = process.env): StateStore {
  return {
    async load(project) {
      const path = composeStatePath(project, env);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      const parsed = ComposeStateSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${path} is not an onramp compose state record (${parsed.error.issues[0]?.message}): remove it and destroy the project's domains with xl destroy`);
      return parsed.data;
    },
    save: (state) => writeFileAtomic(composeStatePath(state.project, env), `${JSON.stringify(state, null, 2)}\n`),
    remove: (project) => rm(composeStatePath(project, env), { force: true }),
  };
}
