// The machine drivers by name.
import type { MachineDriver } from './driver';
import { realQemuDeps, qemuConfigFromEnv } from './qemu/qemu-deps';
import { makeQemuDriver } from './qemu/qemu-driver';
import { recipeNameProblem, type RecipeName } from './qemu/image-recipe';
import { realVirtualboxDeps } from './virtualbox/virtualbox-deps';
import { makeVirtualboxDriver } from './virtualbox/virtualbox-driver';
import { makeGenericDriver } from './generic/generic-driver';

export const DRIVER_NAMES = ['qemu', 'virtualbox', 'generic'] as const;

export interface DriverOptions {
  /** virtualbox: the host's address on the host-only network (`--hostonly-ip 192.168.56.1/24`). */
  readonly hostOnlyIp?: string | undefined;
  /** qemu: the image recipe create builds (`xen` unless given). */
  readonly recipe?: string | undefined;
}

export function driverFor(name: string, options: DriverOptions = {}): MachineDriver {
  if (options.recipe !== undefined && name !== 'qemu')
    throw new Error(`--recipe is for the qemu driver; the ${name} driver has one image`);
  if (name === 'qemu') {
    const recipe = options.recipe ?? 'xen';
    const problem = recipeNameProblem(recipe);
    if (problem) throw new Error(problem);
    return makeQemuDriver(realQemuDeps(), qemuConfigFromEnv(process.env, recipe as RecipeName));
  }
  if (name === 'virtualbox') return makeVirtualboxDriver(realVirtualboxDeps(options));
  if (name === 'generic') return makeGenericDriver();
  throw new Error(`unknown machine driver "${name}": available drivers are ${DRIVER_NAMES.join(', ')}`);
}
