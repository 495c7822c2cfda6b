// What `up` made, kept in the config dir (compose/PROJECT.json), so `ps`, `logs` and `down`
// work without the compose file and a second `up` can tell what changed.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../config/atomic-write';
import { readJsonStateFile } from '../config/json-state-file';
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
      return readJsonStateFile(
        path,
        ComposeStateSchema,
        (issue) =>
          `${path} is not an onramp compose state record (${issue?.message}): remove it and destroy the project's domains with xl destroy`,
      );
    },
    save: (state) => writeFileAtomic(composeStatePath(state.project, env), `${JSON.stringify(state, null, 2)}\n`),
    remove: (project) => rm(composeStatePath(project, env), { force: true }),
  };
}
