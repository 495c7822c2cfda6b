// What the virtualbox driver uses from the outside world, with the real defaults; tests swap
// VBoxManage for the stand-in and the dom0 wait for one that cannot boot a VM.
import { cacheDir } from '../../config/paths';
import type { Progress } from '../progress';
import { freeLoopbackPort, loopbackPortFree } from '../qemu/free-port';
import { LAB_DIR } from '../qemu/image-recipe';
import { cloudImage } from './cloud-image';
import { readHostNetwork, readNetworksConf, type HostNetwork } from './host-probe';
import { buildSeedIso } from './seed-iso';
import { vboxManage, type VBoxManage } from './vboxmanage';
import { readProvisionScript } from './provision-script';
import { waitForXenDom0, type Dom0Wait } from './wait-dom0';

export interface VirtualboxDeps {
  readonly vbox: VBoxManage;
  readonly platform: string;
  readonly arch: string;
  /** `--hostonly-ip`: the host's address on the host-only network, e.g. 192.168.56.1/24. */
  readonly hostOnlyIp: string | undefined;
  hostNetwork(): Promise<HostNetwork>;
  networksConf(): Promise<string | undefined>;
  cloudImage(progress: Progress): Promise<string>;
  buildSeedIso(dir: string, files: { readonly userData: string; readonly metaData: string }): Promise<string>;
  provisionScript(): Promise<string>;
  waitForDom0(wait: Dom0Wait, progress: Progress): Promise<void>;
  freePort(): Promise<number>;
  portFree(port: number): Promise<boolean>;
  readonly adapterListedTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly installDeadlineMs: number;
  readonly bootDeadlineMs: number;
}

export function realVirtualboxDeps(
  options: { readonly hostOnlyIp?: string | undefined } = {},
  env: NodeJS.ProcessEnv = process.env,
): VirtualboxDeps {
  return {
    vbox: vboxManage(),
    platform: process.platform,
    arch: process.arch,
    hostOnlyIp: options.hostOnlyIp,
    hostNetwork: () => readHostNetwork(),
    networksConf: () => readNetworksConf(),
    cloudImage: (progress) => cloudImage(cacheDir(env), progress, env),
    buildSeedIso: (dir, files) => buildSeedIso(dir, files),
    provisionScript: () => readProvisionScript(LAB_DIR),
    waitForDom0: waitForXenDom0,
    freePort: freeLoopbackPort,
    portFree: loopbackPortFree,
    adapterListedTimeoutMs: 30_000,
    stopTimeoutMs: Number(env.ONRAMP_VBOX_STOP_TIMEOUT_S ?? 60) * 1000,
    installDeadlineMs: 45 * 60_000,
    bootDeadlineMs: 5 * 60_000,
  };
}
