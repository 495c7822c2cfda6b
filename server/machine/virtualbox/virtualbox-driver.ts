// The virtualbox driver: a Debian 12 + Xen dom0 VM in VirtualBox, NIC 1 NAT with SSH forwarded
// on 127.0.0.1, NIC 2 on a planned host-only network (promiscuous, no VirtualBox DHCP), installed
// unattended from Debian's cloud image and a NoCloud seed. Every step checks VirtualBox's state
// first, so running create again finishes a half-done machine.
import { access, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseVmList } from '../../checks/parsers/vbox-lists';
import { parseShowVmInfo } from '../../checks/parsers/vbox-vminfo';
import type { Booted, CreateOptions, MachineDriver, MachineState, SshTarget } from '../driver';
import { machineKnownHostsLine } from '../openssh';
import type { Progress } from '../progress';
import type { MachineRecord } from '../record';
import { waitUntil } from '../wait-until';
import { appleSiliconRefusal } from './apple-silicon';
import { metaData, userData } from './cloud-init';
import { choosePlan, setUpHostOnly } from './host-only-setup';
import { planInput } from './host-probe';
import { ensureMachineKeys } from './machine-keys';
import { attachedMedium, natForwards, storageControllers } from './vbox-output';
import { loadVboxState, saveVboxState, type VboxState } from './vbox-state';
import type { VirtualboxDeps } from './virtualbox-deps';
import {
  acpiStopArgs,
  attachDiskArgs,
  attachSeedArgs,
  CONTROLLER,
  convertDiskArgs,
  createVmArgs,
  DISK_PORT,
  modifyVmArgs,
  NAT_RULE,
  natForwardArgs,
  natForwardDeleteArgs,
  powerOffArgs,
  resizeDiskArgs,
  showVmInfoArgs,
  startVmArgs,
  storageCtlArgs,
  unregisterArgs,
  type VmShape,
} from './vm-commands';

export const VBOX_USER = 'onramp';
export const IMAGE_KEY = 'debian-12-generic-amd64+nocloud';
const DISK_MB = 20480;

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

function shape(state: VboxState, dir: string): VmShape {
  return { vmName: state.vmName, cpus: 2, memoryMb: 2048, baseFolder: dir, serialLog: join(dir, 'serial.log') };
}

function target(record: MachineRecord, user?: string): SshTarget {
  return {
    host: '127.0.0.1',
    port: record.sshPort,
    user: user ?? 'root',
    identityFile: join(record.dir, 'id_ed25519'),
    knownHostsFile: join(record.dir, 'known_hosts'),
  };
}

export function makeVirtualboxDriver(deps: VirtualboxDeps): MachineDriver {
  const { vbox } = deps;

  async function vmInfo(vmName: string): Promise<ReadonlyMap<string, string> | undefined> {
    const registered = parseVmList(await vbox.run(['list', 'vms'])).some((v) => v.name === vmName);
    return registered ? parseShowVmInfo(await vbox.run(showVmInfoArgs(vmName))) : undefined;
  }

  async function vmState(vmName: string): Promise<string> {
    return (await vmInfo(vmName))?.get('VMState') ?? 'absent';
  }

  /** NAT rule `ssh` on 127.0.0.1 to port 22: keep a free recorded port, else pick a new one. */
  async function ensureForward(
    vmName: string,
    info: ReadonlyMap<string, string>,
    wanted: number | undefined,
  ): Promise<number> {
    const rule = natForwards(info).find((f) => f.name === NAT_RULE);
    const port = wanted !== undefined && (await deps.portFree(wanted)) ? wanted : await deps.freePort();
    if (rule && rule.hostPort === port && rule.hostIp === '127.0.0.1' && rule.guestPort === 22) return port;
    if (rule) await vbox.run(natForwardDeleteArgs(vmName));
    await vbox.run(natForwardArgs(vmName, port));
    return port;
  }

  async function ensureDisk(
    dir: string,
    vmName: string,
    info: ReadonlyMap<string, string>,
    progress: Progress,
  ): Promise<void> {
    if (attachedMedium(info, CONTROLLER, DISK_PORT)) return;
    const vdi = join(dir, 'disk.vdi');
    if (!(await exists(vdi))) {
      const raw = await deps.cloudImage(progress);
      const part = join(dir, 'disk-part.vdi');
      await rm(part, { force: true });
      progress.phase('disk: converting the Debian cloud image to VDI');
      await vbox.run(convertDiskArgs(raw, part), { timeoutMs: 600_000 });
      await rename(part, vdi);
      await vbox.run(resizeDiskArgs(vdi, DISK_MB));
    }
    await vbox.run(attachDiskArgs(vmName, vdi));
  }

  async function bootAndWait(
    record: MachineRecord,
    state: VboxState,
    progress: Progress,
    deadlineMs: number,
  ): Promise<void> {
    if ((await vmState(state.vmName)) !== 'running') {
      progress.phase(`start: ${state.vmName} headless, SSH on 127.0.0.1:${record.sshPort}`);
      await vbox.run(startVmArgs(state.vmName));
    }
    await deps.waitForDom0(
      {
        target: target(record),
        serialLog: join(record.dir, 'serial.log'),
        alive: async () => (await vmState(state.vmName)) === 'running',
        deadlineMs,
      },
      progress,
    );
  }

  const driver: MachineDriver = {
    name: 'virtualbox',
    failedCreate: 'resume',

    async create({ name, dir, progress }: CreateOptions): Promise<Booted> {
      const refusal = appleSiliconRefusal(deps.platform, deps.arch);
      if (refusal) throw new Error(refusal);
      const version = (await vbox.run(['--version'])).trim();
      progress.phase(`VirtualBox ${version}`);
      // the VM has the machine's name, so the guide's checks (VM `dom0`) find it
      let state: VboxState = (await loadVboxState(dir)) ?? { vmName: name };
      const save = async (s: VboxState) => saveVboxState(dir, s);
      await save(state);

      const input = await planInput({
        vbox,
        version,
        platform: deps.platform,
        network: await deps.hostNetwork(),
        networksConfText: await deps.networksConf(),
        netName: `onramp-${name}`,
      });
      const plan = choosePlan(input, state, deps.hostOnlyIp);
      const io = { vbox, save, progress, listedTimeoutMs: deps.adapterListedTimeoutMs };
      const net = await setUpHostOnly(io, plan, state);
      state = net.state;

      const keys = await ensureMachineKeys(dir, name);
      let info = await vmInfo(state.vmName);
      const cfg = info?.get('CfgFile');
      if (info && cfg !== undefined && !cfg.startsWith(`${dir}/`)) {
        throw new Error(
          `VirtualBox already has a VM named "${state.vmName}" (${cfg}) that Onramp did not create: pick another machine name, or remove that VM first (VBoxManage unregistervm ${state.vmName} --delete) if you no longer need it`,
        );
      }
      if (!info) {
        progress.phase(`vm: creating ${state.vmName} in ${dir}`);
        await vbox.run(createVmArgs(shape(state, dir)));
        info = parseShowVmInfo(await vbox.run(showVmInfoArgs(state.vmName)));
      }
      const running = info.get('VMState') === 'running';
      if (!running) {
        progress.phase('vm: hardware (nested VT-x/AMD-V on), NIC 1 NAT, NIC 2 host-only promiscuous');
        await vbox.run(modifyVmArgs(shape(state, dir), net.plan, net.adapter));
        state = { ...state, sshPort: await ensureForward(state.vmName, info, state.sshPort) };
        await save(state);
        if (!storageControllers(info).includes(CONTROLLER)) await vbox.run(storageCtlArgs(state.vmName));
        await ensureDisk(dir, state.vmName, info, progress);
        const provisionScript = await deps.provisionScript();
        const iso = await deps.buildSeedIso(dir, {
          userData: userData({
            hostname: `onramp-${name}`,
            user: VBOX_USER,
            authorizedKey: keys.authorizedKey,
            hostPrivateKey: keys.hostPrivateKey,
            hostPublicKey: keys.hostPublicKey,
            provisionScript,
            plan: net.plan,
            dom0MemMb: 1024,
          }),
          metaData: metaData(`onramp-${name}`, `onramp-${name}`),
        });
        await vbox.run(attachSeedArgs(state.vmName, iso));
      }
      const sshPort = state.sshPort ?? natForwards(info).find((f) => f.name === NAT_RULE)?.hostPort;
      if (sshPort === undefined)
        throw new Error(
          `${state.vmName} is running without the NAT rule "${NAT_RULE}": stop it (onramp machine stop ${name}) and run create again`,
        );
      await writeFile(
        join(dir, 'known_hosts'),
        `${machineKnownHostsLine('127.0.0.1', sshPort, keys.hostPublicKey)}\n`,
        { mode: 0o600 },
      );
      const record: MachineRecord = {
        name,
        driver: 'virtualbox',
        dir,
        imageKey: IMAGE_KEY,
        sshPort,
        sshUser: 'root',
        hostKey: keys.hostPublicKey,
        readySnapshot: false,
        createdAt: new Date().toISOString(),
      };
      progress.phase(
        'install: Debian boots, cloud-init installs Xen and the bridge, then reboots into Xen (several minutes)',
      );
      await bootAndWait(record, state, progress, deps.installDeadlineMs);
      progress.phase('dom0 is up under Xen');
      return { record, figures: {} };
    },

    async start(record, progress) {
      const state = await mustState(record);
      let current = record;
      if ((await vmState(state.vmName)) !== 'running') {
        const info = await vmInfo(state.vmName);
        if (!info)
          throw new Error(
            `VirtualBox has no VM named ${state.vmName}: recreate it (onramp machine rm ${record.name}; onramp machine create --driver virtualbox ${record.name})`,
          );
        const sshPort = await ensureForward(state.vmName, info, record.sshPort);
        if (sshPort !== record.sshPort) {
          await saveVboxState(record.dir, { ...state, sshPort });
          await writeFile(
            join(record.dir, 'known_hosts'),
            `${machineKnownHostsLine('127.0.0.1', sshPort, record.hostKey)}\n`,
            { mode: 0o600 },
          );
          current = { ...record, sshPort };
        }
      } else progress.phase('already running');
      await bootAndWait(current, state, progress, deps.bootDeadlineMs);
      return { record: current, figures: {} };
    },

    async stop(record, progress) {
      const state = await mustState(record);
      if ((await vmState(state.vmName)) !== 'running') {
        progress.phase('not running');
        return {};
      }
      progress.phase(`stopping ${state.vmName} (ACPI power button, power off after ${deps.stopTimeoutMs / 1000} s)`);
      await vbox.run(acpiStopArgs(state.vmName));
      try {
        await waitUntil(`${state.vmName} to power off`, async () => (await vmState(state.vmName)) !== 'running', {
          timeoutMs: deps.stopTimeoutMs,
          intervalMs: 500,
        });
        progress.phase('stopped (ACPI)');
      } catch {
        await vbox.run(powerOffArgs(state.vmName));
        progress.phase('stopped (power off)');
      }
      return {};
    },

    async rm(record, progress) {
      const state = await loadVboxState(record.dir);
      if (state && (await vmInfo(state.vmName))) {
        await driver.stop(record, progress);
        await vbox.run(unregisterArgs(state.vmName));
        progress.phase(`unregistered ${state.vmName} and deleted its disks`);
      }
      if (state?.adapter && state.createdAdapter) {
        const args = state.adapter.startsWith('onramp-')
          ? ['hostonlynet', 'remove', '--name', state.adapter]
          : ['hostonlyif', 'remove', state.adapter];
        await vbox.run(args).catch((err: Error) => progress.phase(`kept host-only ${state.adapter}: ${err.message}`));
      }
      await rm(record.dir, { recursive: true, force: true });
      progress.phase(`removed ${record.dir}`);
    },

    async status(record): Promise<MachineState> {
      const state = await loadVboxState(record.dir);
      // VirtualBox's VM process is not ours to signal: pid 0 stands for "running in VirtualBox"
      return state && (await vmState(state.vmName)) === 'running' ? { state: 'running', pid: 0 } : { state: 'stopped' };
    },

    sshTarget: target,
  };

  async function mustState(record: MachineRecord): Promise<VboxState> {
    const state = await loadVboxState(record.dir);
    if (!state)
      throw new Error(
        `${join(record.dir, 'virtualbox.json')} is missing: run onramp machine create --driver virtualbox ${record.name} again`,
      );
    return state;
  }

  return driver;
}
