// The machine drivers by name.
import type { MachineDriver } from './driver';
import { realQemuDeps, qemuConfigFromEnv } from './qemu/qemu-deps';
import { makeQemuDriver } from './qemu/qemu-driver';
import { realVirtualboxDeps } from './virtualbox/virtualbox-deps';
import { makeVirtualboxDriver } from './virtualbox/virtualbox-driver';

export const DRIVER_NAMES = ['qemu', 'virtualbox'] as const;

export interface DriverOptions {
  /** virtualbox: the host's address on the host-only network (`--hostonly-ip 192.168.56.1/24`). */
  readonly hostOnlyIp?: string | undefined;
}

export function driverFor(name: string, options: DriverOptions = {}): MachineDriver {
  if (name === 'qemu') return makeQemuDriver(realQemuDeps(), qemuConfigFromEnv());
  if (name === 'virtualbox') return makeVirtualboxDriver(realVirtualboxDeps(options));
  throw new Error(`unknown machine driver "${name}": available drivers are ${DRIVER_NAMES.join(', ')}`);
}
