// The machine store: one JSON file in Onramp's data dir listing every lab machine, written
// atomically; each machine's files live in machines/NAME/ beside it.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../config/atomic-write';
import { readJsonStateFile } from '../config/json-state-file';
import { dataDir } from '../config/paths';
import { MachineRecordSchema, type MachineRecord } from './record';

const StoreSchema = z.strictObject({ version: z.literal(1), machines: z.array(MachineRecordSchema) });

export function machinesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'machines');
}

export function machineDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(machinesDir(env), name);
}

/** Create a machine's own directory (0700), and its parents, if missing. */
export async function makeMachineDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

export function storePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(machinesDir(env), 'machines.json');
}

export async function loadMachines(path: string = storePath()): Promise<MachineRecord[]> {
  const store = await readJsonStateFile(
    path,
    StoreSchema,
    (issue) =>
      `${path} is not a valid machine store (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}); fix or delete the file`,
  );
  return store?.machines ?? [];
}

async function saveMachines(machines: readonly MachineRecord[], path: string): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify({ version: 1, machines }, null, 2)}\n`, 0o600);
}

export async function findMachine(name: string, path: string = storePath()): Promise<MachineRecord | undefined> {
  return (await loadMachines(path)).find((m) => m.name === name);
}

/** Insert or replace the record with the same name. */
export async function putMachine(record: MachineRecord, path: string = storePath()): Promise<void> {
  const others = (await loadMachines(path)).filter((m) => m.name !== record.name);
  await saveMachines(
    [...others, record].sort((a, b) => a.name.localeCompare(b.name)),
    path,
  );
}

export async function removeMachine(name: string, path: string = storePath()): Promise<boolean> {
  const machines = await loadMachines(path);
  const kept = machines.filter((m) => m.name !== name);
  if (kept.length !== machines.length) await saveMachines(kept, path);
  return kept.length !== machines.length;
}
