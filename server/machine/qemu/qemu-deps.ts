// What the qemu driver uses from the outside world, and its settings read once from the
// environment; tests and other callers build their own.
import { cacheDir, type Env } from '../../config/paths';
import { coldBootDeadlineMs, probeKvm, type KvmProbe } from './accel';
import { hostDebianMirror } from './debian-mirror';
import { imageKeepFromEnv } from './image-prune';
import { storePath } from '../store';
import { freeLoopbackPort, loopbackPortFree } from './free-port';
import { gatherHostFacts } from './host-facts';
import type { HostFacts } from './preflight';
import type { RecipeName } from './image-recipe';
import type { Accel } from './qemu-args';
import { realRootBuild, type RootBuild } from './root-build';

export interface QemuDeps {
  hostFacts(): Promise<HostFacts>;
  /** The Debian mirror the image is built from (the host apt's, or ONRAMP_LAB_MIRROR). */
  debianMirror(suite: string): Promise<string>;
  /** Whether KVM boots `kernel` (the image's dom0 vmlinuz) here, with the evidence (accel.ts probeKvm). */
  kvmProbe(kernel: string): Promise<KvmProbe>;
  freePort(): Promise<number>;
  portFree(port: number): Promise<boolean>;
  /** Runs an image build script as root (sudo for a normal user) and hands its output to the user. */
  readonly rootBuild: RootBuild;
}

export interface QemuConfig {
  /** The image recipe `create` builds (`--recipe`); the other verbs follow the record's. */
  readonly recipe: RecipeName;
  /** Where built images are kept (`lab-images/`). */
  readonly cacheDir: string;
  /** ONRAMP_QEMU_ACCEL: `kvm`, `tcg`, or undefined/'' to try KVM then TCG. */
  readonly accelOverride: string | undefined;
  /** Cold boot to SSH deadline per accelerator, ms (ONRAMP_QEMU_BOOT_TIMEOUT_S overrides both). */
  readonly coldBootDeadlineMs: Readonly<Record<Accel, number>>;
  /** ACPI power-off grace before `quit`, ms (ONRAMP_QEMU_STOP_TIMEOUT_S, default 60 s). */
  readonly stopTimeoutMs: number;
  /** The machine store this process writes (recorded in an image's use.json, so prune knows it). */
  readonly machineStore: string;
  /** Unused lab images kept after a new one is built, besides current and used ones (ONRAMP_LAB_IMAGE_KEEP). */
  readonly imageKeep: number;
  /** The environment the cache bound reads its stores and cache dir from. */
  readonly env: Env;
}

export function realQemuDeps(env: NodeJS.ProcessEnv = process.env): QemuDeps {
  return {
    hostFacts: () => gatherHostFacts(env),
    debianMirror: (suite) => hostDebianMirror(suite, env),
    kvmProbe: (kernel) => probeKvm(kernel),
    freePort: freeLoopbackPort,
    portFree: loopbackPortFree,
    rootBuild: realRootBuild(env),
  };
}

/** The qemu driver's settings from `env`, read once. */
export function qemuConfigFromEnv(env: Env = process.env, recipe: RecipeName = 'xen'): QemuConfig {
  return {
    recipe,
    cacheDir: cacheDir(env),
    accelOverride: env.ONRAMP_QEMU_ACCEL,
    coldBootDeadlineMs: { kvm: coldBootDeadlineMs('kvm', env), tcg: coldBootDeadlineMs('tcg', env) },
    stopTimeoutMs: Number(env.ONRAMP_QEMU_STOP_TIMEOUT_S ?? 60) * 1000,
    machineStore: storePath(env as NodeJS.ProcessEnv),
    imageKeep: imageKeepFromEnv(env),
    env,
  };
}
