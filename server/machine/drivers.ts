// The machine drivers by name.
import type { MachineDriver } from './driver';
import { qemuDriver } from './qemu/qemu-driver';

export const DRIVER_NAMES = ['qemu'] as const;

export function driverFor(name: string): MachineDriver {
  if (name === 'qemu') return qemuDriver;
  throw new Error(`unknown machine driver "${name}": available drivers are ${DRIVER_NAMES.join(', ')} (virtualbox is planned)`);
}
