// Which way to dom0 the reader takes: the path they chose (setup-path.json), else the one their
// machine store implies (a QEMU dom0, a machine of their own, a VirtualBox VM), else VirtualBox.
import type { SetupPath } from '../../protocol/check-catalog';
import type { SetupPathInfo } from '../../protocol/socket-setup';
import { readSetupPathChoice } from '../config/setup-path-choice';
import type { MachineRecord } from '../machine/record';
import { loadMachines } from '../machine/store';

/** The path a machine leads to; undefined for a QEMU `plain` machine (Debian as installed: not a dom0 yet). */
function pathOfMachine(m: MachineRecord): SetupPath | undefined {
  if (m.driver === 'qemu') return m.recipe === 'plain' ? undefined : 'qemu';
  return m.driver;
}

/**
 * The path the machine store implies: that of the newest machine that leads to a dom0 (by
 * `createdAt`; a generic machine made on a QEMU `plain` machine is the generic path), or
 * undefined when there is none.
 */
export function setupPathOf(machines: readonly MachineRecord[]): SetupPath | undefined {
  let newest: { at: string; path: SetupPath } | undefined;
  for (const m of machines) {
    const path = pathOfMachine(m);
    if (path !== undefined && (newest === undefined || m.createdAt >= newest.at)) newest = { at: m.createdAt, path };
  }
  return newest?.path;
}

export interface SetupPathSources {
  readonly choice: () => Promise<{ readonly path: SetupPath } | null>;
  readonly machines: () => Promise<readonly MachineRecord[]>;
}

const DEFAULT_SOURCES: SetupPathSources = { choice: () => readSetupPathChoice(), machines: () => loadMachines() };

/**
 * The reader's path and where it came from: `chosen` (setup-path.json), `machine` (the machine
 * store), `default` (VirtualBox, also when a file cannot be read).
 */
export async function resolveSetupPath(sources: SetupPathSources = DEFAULT_SOURCES): Promise<SetupPathInfo> {
  try {
    const chosen = await sources.choice();
    if (chosen) return { path: chosen.path, source: 'chosen' };
  } catch {
    // A damaged choice file falls through to the machine store (Settings' write replaces it).
  }
  try {
    const implied = setupPathOf(await sources.machines());
    if (implied !== undefined) return { path: implied, source: 'machine' };
  } catch {
    // An unreadable store: the default below.
  }
  return { path: 'virtualbox', source: 'default' };
}

/** The reader's path (resolveSetupPath without its source). */
export async function detectSetupPath(): Promise<SetupPath> {
  return (await resolveSetupPath()).path;
}
