// Which way to dom0 the reader took: Onramp's QEMU lab machine (in the machine store) or VirtualBox.
import type { SetupPath } from '../../protocol/check-catalog';
import type { MachineRecord } from '../machine/record';
import { loadMachines } from '../machine/store';

export function setupPathOf(machines: readonly MachineRecord[]): SetupPath {
  return machines.some((m) => m.driver === 'qemu') ? 'qemu' : 'virtualbox';
}

/** The QEMU path when `onramp machine` made a QEMU machine; VirtualBox otherwise (also when the store is unreadable). */
export async function detectSetupPath(): Promise<SetupPath> {
  try {
    return setupPathOf(await loadMachines());
  } catch {
    return 'virtualbox';
  }
}
