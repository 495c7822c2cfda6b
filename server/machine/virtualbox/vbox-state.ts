// What a VirtualBox machine's create has done so far (virtualbox.json in its directory), so a
// re-run finishes a half-done machine with the same VM, adapter, subnet and port.
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../config/atomic-write';
import { readJsonStateFile } from '../../config/json-state-file';

const StateSchema = z.strictObject({
  vmName: z.string(),
  /** Host address and prefix of the planned host-only network. */
  hostIp: z.string().optional(),
  prefix: z.number().int().min(0).max(32).optional(),
  /** The host-only adapter or network NIC 2 uses, and whether this machine created it. */
  adapter: z.string().optional(),
  createdAdapter: z.boolean().optional(),
  dom0Ip: z.string().optional(),
  sshPort: z.number().int().min(1).max(65535).optional(),
});

export type VboxState = z.infer<typeof StateSchema>;

export const statePath = (dir: string): string => join(dir, 'virtualbox.json');

export async function loadVboxState(dir: string): Promise<VboxState | undefined> {
  const state = await readJsonStateFile(
    statePath(dir),
    StateSchema,
    (issue) =>
      `${statePath(dir)} is not a VirtualBox machine state (${issue?.message ?? 'invalid'}); delete it and run create again`,
  );
  return state ?? undefined;
}

export async function saveVboxState(dir: string, state: VboxState): Promise<void> {
  await writeFileAtomic(statePath(dir), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

/** A VirtualBox machine whose create stopped half-way (state file, no store record), for `rm`. */
export async function halfMadeRecord(
  name: string,
  dir: string,
): Promise<import('../record').MachineRecord | undefined> {
  const state = await loadVboxState(dir).catch(() => undefined);
  if (!state) return undefined;
  return {
    name,
    driver: 'virtualbox',
    dir,
    imageKey: '',
    sshPort: state.sshPort ?? 22,
    sshUser: 'root',
    hostKey: '',
    readySnapshot: false,
    createdAt: '',
  };
}
