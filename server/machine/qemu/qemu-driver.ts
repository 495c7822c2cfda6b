// The qemu driver: a Debian 12 VM under QEMU (KVM if it works, else TCG), reached only through a
// loopback SSH forward, with a `ready` snapshot so later starts take seconds. Two recipes: `xen`,
// the lab dom0 with Xen booted by QEMU (every start restores the snapshot), and `plain`, Debian 12
// as installed, booting its disk through GRUB (a start keeps the disk; `clean` restores the snapshot).
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import type {
  BootFigures,
  Booted,
  CreateOptions,
  MachineDriver,
  MachineState,
  SshTarget,
  StartOptions,
} from '../driver';
import { LAB_USER } from '../driver';
import { machineKnownHostsLine, opensshArgs } from '../openssh';
import type { Progress } from '../progress';
import type { MachineRecord } from '../record';
import { mustRun, runTool } from '../run-tool';
import { accelCandidates } from './accel';
import { setGuestClock } from './guest-clock';
import {
  ensureLabImage,
  ensurePlainImage,
  labImageAt,
  plainImageAt,
  type LabImage,
  type PlainImage,
} from './image-cache';
import { enforceImageBound, recordImageUse } from './image-prune';
import { DEBIAN_SUITE, loadRecipe } from './image-recipe';
import { monitorCommand } from './monitor';
import { qemuPreflight } from './preflight';
import type { Accel, QemuLaunch } from './qemu-args';
import type { QemuConfig, QemuDeps } from './qemu-deps';
import {
  launchQemu,
  machineFiles,
  peakRssKb,
  runningPid,
  serialTail,
  stopQemu,
  type MachineFiles,
} from './qemu-process';
import { makeMachineKeys } from './seed';
import { serialBootFailure } from './serial-markers';
import { waitForSsh } from './wait-ssh';

const SNAPSHOT = 'ready';
const RESTORE_DEADLINE_MS = 90_000;
/** Read what `xl create` runs into dom0's page cache before the snapshot, so the first guest
 * start after a restore does not wait on the disk (under TCG that costs tens of seconds). */
const WARM_UP = [
  'xl info >/dev/null 2>&1',
  'cat /etc/xen/scripts/* /usr/lib/xen-*/bin/* /usr/lib/x86_64-linux-gnu/libxen* /usr/lib/x86_64-linux-gnu/libxl* /usr/lib/x86_64-linux-gnu/libxen*/* /usr/bin/ip /usr/sbin/ip /usr/bin/xenstore* >/dev/null 2>&1',
  'sync',
  'true',
].join('; ');

/** The plain recipe has no Xen tools to warm up: only flush before the snapshot. */
const PLAIN_WARM_UP = 'sync; true';

type BootResult = { ok: true; figures: BootFigures } | { ok: false; reason: string };

async function writeKnownHosts(files: MachineFiles, port: number, hostKey: string): Promise<void> {
  await writeFile(files.knownHostsFile, `${machineKnownHostsLine('127.0.0.1', port, hostKey)}\n`, { mode: 0o600 });
}

function target(record: MachineRecord, user?: string): SshTarget {
  const files = machineFiles(record.dir);
  return {
    host: '127.0.0.1',
    port: record.sshPort,
    user: user ?? 'root',
    identityFile: files.identityFile,
    knownHostsFile: files.knownHostsFile,
  };
}

/** QEMU's launch for a machine of either recipe. Pure. */
function launchOf(record: MachineRecord, image: LabImage | PlainImage, accel: Accel, snapshot: boolean): QemuLaunch {
  const files = machineFiles(record.dir);
  const common = {
    name: `onramp-${record.name}`,
    accel,
    disk: files.disk,
    seedDisk: files.seedDisk,
    sshPort: record.sshPort,
    serialLog: files.serialLog,
    monitorSocket: files.monitorSocket,
    pidFile: files.pidFile,
    ...(snapshot ? { loadSnapshot: SNAPSHOT } : {}),
  };
  if (!('xen' in image)) return { ...common, recipe: 'plain', aptRepo: image.aptRepo };
  return { ...common, xen: image.xen, vmlinuz: image.vmlinuz, initrd: image.initrd };
}

function imageOf(record: MachineRecord, cacheDir: string): LabImage | PlainImage {
  return record.recipe === 'plain' ? plainImageAt(cacheDir, record.imageKey) : labImageAt(cacheDir, record.imageKey);
}

/**
 * A qemu machine driver over `deps` (host facts, mirror, KVM probe, ports) with `config` (cache
 * dir, accelerator override, deadlines) read once by the caller (see realQemuDeps, qemuConfigFromEnv).
 */
export function makeQemuDriver(deps: QemuDeps, config: QemuConfig): MachineDriver {
  /**
   * The xen recipe's accelerators: ONRAMP_QEMU_ACCEL's, else KVM then TCG when a probe boot of the
   * image's dom0 kernel shows KVM works, else TCG alone; the probe's reason is printed once.
   */
  async function accels(image: LabImage | PlainImage, progress: Progress): Promise<Accel[]> {
    if (config.accelOverride !== undefined && config.accelOverride !== '') {
      return accelCandidates(false, config.accelOverride);
    }
    if (!('xen' in image)) return ['tcg'];
    const probe = await deps.kvmProbe(image.vmlinuz);
    progress.phase(
      probe.usable ? `accel: KVM (${probe.reason})` : `accel: TCG, KVM is not usable here: ${probe.reason}`,
    );
    return accelCandidates(probe.usable, undefined);
  }

  /**
   * The plain machine's accelerator (and its image's GRUB install boot): TCG unless
   * ONRAMP_QEMU_ACCEL says kvm. The machine must later boot Xen through GRUB after the guide's
   * reboot, which a VM cannot switch accelerators for, and Xen under nested KVM can fail in its
   * early boot (the xen recipe falls back to TCG for that). Seen here: a nested /dev/kvm that opens
   * but boots no kernel (no serial output in 4 minutes).
   */
  function plainAccels(): Accel[] {
    return config.accelOverride === 'kvm' ? ['kvm'] : ['tcg'];
  }

  async function boot(
    record: MachineRecord,
    image: LabImage | PlainImage,
    accel: Accel,
    snapshot: boolean,
    progress: Progress,
  ): Promise<BootResult> {
    const files = machineFiles(record.dir);
    await rm(files.serialLog, { force: true });
    progress.phase(
      `boot: QEMU ${accel}${snapshot ? ` from snapshot "${SNAPSHOT}"` : ' cold'}, SSH on 127.0.0.1:${record.sshPort}`,
    );
    const started = Date.now();
    let pid: number;
    try {
      pid = await launchQemu(launchOf(record, image, accel, snapshot));
    } catch (err) {
      return {
        ok: false,
        reason: `QEMU did not start: ${err instanceof Error ? err.message.split('\n').slice(1).join(' ') || err.message : String(err)}`,
      };
    }
    const waited = await waitForSsh(target(record), {
      deadlineMs: snapshot ? RESTORE_DEADLINE_MS : config.coldBootDeadlineMs[accel],
      alive: async () => (await runningPid(files)) === pid,
      // the Xen boot markers mean nothing on the plain recipe
      failure: async () =>
        record.recipe === 'plain'
          ? undefined
          : serialBootFailure(await readFile(files.serialLog, 'utf8').catch(() => ''), Date.now() - started, accel),
    });
    if (!waited.ok) {
      if ((await runningPid(files)) === pid) await stopQemu(files, pid, 0);
      return {
        ok: false,
        reason: `${waited.reason}\n--- serial log tail (${files.serialLog}) ---\n${await serialTail(files)}`,
      };
    }
    const seconds = (Date.now() - started) / 1000;
    const rss = await peakRssKb(pid);
    progress.phase(`boot: SSH ready after ${seconds.toFixed(1)} s`);
    await setGuestClock(target(record));
    return {
      ok: true,
      figures: {
        ...(snapshot ? { restoreToSshS: seconds } : { coldBootToSshS: seconds }),
        accel,
        ...(rss !== undefined ? { peakRssKb: rss } : {}),
      },
    };
  }

  async function coldBoot(
    record: MachineRecord,
    image: LabImage | PlainImage,
    candidates: readonly Accel[],
    progress: Progress,
  ): Promise<Booted> {
    const failures: string[] = [];
    for (const accel of candidates) {
      const result = await boot(record, image, accel, false, progress);
      if (result.ok) return { record: { ...record, accel }, figures: result.figures };
      failures.push(`${accel}: ${result.reason}`);
      progress.phase(
        `boot: ${accel} did not reach SSH (${result.reason.split('\n')[0] ?? ''}); ${candidates.at(-1) === accel ? 'giving up' : 'trying the next accelerator'}`,
      );
    }
    throw new Error(`machine ${record.name} did not boot to SSH:\n${failures.join('\n')}`);
  }

  async function saveReadySnapshot(record: MachineRecord, progress: Progress): Promise<MachineRecord> {
    const files = machineFiles(record.dir);
    const plain = record.recipe === 'plain';
    progress.phase(
      plain ? 'snapshot: sync, then savevm' : 'snapshot: warming the page cache with the Xen tools, then savevm',
    );
    await runTool('ssh', opensshArgs(target(record), ['sh', '-c', `'${plain ? PLAIN_WARM_UP : WARM_UP}'`]), {
      timeoutMs: 300_000,
    });
    const out = await monitorCommand(files.monitorSocket, `savevm ${SNAPSHOT}`, 300_000);
    if (out.trim() !== '') {
      progress.phase(`snapshot: savevm failed (${out.trim()}); later starts will cold boot`);
      return { ...record, readySnapshot: false };
    }
    progress.phase(`snapshot: "${SNAPSHOT}" saved`);
    return { ...record, readySnapshot: true };
  }

  async function ensurePort(record: MachineRecord): Promise<MachineRecord> {
    if (await deps.portFree(record.sshPort)) return record;
    const sshPort = await deps.freePort();
    await writeKnownHosts(machineFiles(record.dir), sshPort, record.hostKey);
    return { ...record, sshPort };
  }

  const driver: MachineDriver = {
    name: 'qemu',
    failedCreate: 'discard',

    async create({ name, dir, progress }: CreateOptions): Promise<Booted> {
      const pre = qemuPreflight(await deps.hostFacts(), config.recipe);
      if (!pre.ok) throw new Error(`cannot create a qemu machine on this host:\n- ${pre.problems.join('\n- ')}`);
      const plain = config.recipe === 'plain';
      const recipe = await loadRecipe(await deps.debianMirror(DEBIAN_SUITE), undefined, config.recipe);
      const { image, built, seconds } = plain
        ? await ensurePlainImage(recipe, config.cacheDir, plainAccels(), progress, deps.rootBuild)
        : await ensureLabImage(recipe, config.cacheDir, progress, deps.rootBuild);
      await recordImageUse(image.dir, config.machineStore);
      if (built) await enforceImageBound(config.env, recipe.mirror, config.imageKeep, (l) => progress.phase(l));
      const candidates = plain ? plainAccels() : await accels(image, progress);
      const files = machineFiles(dir);
      progress.phase(
        plain ? 'keys: client key, VM host key, user password, seed disk' : 'keys: client key, VM host key, seed disk',
      );
      // the plain recipe's user types a password for sudo, as after a Debian install
      const password = plain ? randomBytes(18).toString('base64url') : undefined;
      if (password !== undefined) await writeFile(files.passwordFile, `${password}\n`, { mode: 0o600 });
      const keys = await makeMachineKeys(dir, name, LAB_USER, password);
      const backing = 'xen' in image ? image.rootfs : image.disk;
      await mustRun('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', backing, '-F', 'raw', files.disk]);
      const sshPort = await deps.freePort();
      await writeKnownHosts(files, sshPort, keys.hostPublicKey);
      const made: MachineRecord = {
        name,
        driver: 'qemu',
        dir,
        imageKey: image.key,
        ...(plain ? { recipe: 'plain' as const } : {}),
        sshPort,
        sshUser: 'root',
        hostKey: keys.hostPublicKey,
        readySnapshot: false,
        createdAt: new Date().toISOString(),
      };
      const booted = await coldBoot(made, image, candidates, progress);
      return {
        record: await saveReadySnapshot(booted.record, progress),
        figures: { ...booted.figures, ...(built ? { imageBuildS: seconds } : {}) },
      };
    },

    async start(record: MachineRecord, progress: Progress, options: StartOptions = {}): Promise<Booted> {
      if ((await runningPid(machineFiles(record.dir))) !== undefined) {
        progress.phase('already running');
        return { record, figures: {} };
      }
      const image = imageOf(record, config.cacheDir);
      await recordImageUse(image.dir, config.machineStore);
      const current = await ensurePort(record);
      // the xen lab restores its snapshot on every start; a plain machine keeps its disk unless asked
      const restore = record.recipe === 'plain' ? options.clean === true : true;
      if (restore && current.readySnapshot && current.accel) {
        const restored = await boot(current, image, current.accel, true, progress);
        if (restored.ok) return { record: current, figures: restored.figures };
        progress.phase(`restore failed, cold booting instead: ${restored.reason.split('\n')[0]}`);
      }
      const candidates = current.accel
        ? [current.accel]
        : record.recipe === 'plain'
          ? plainAccels()
          : await accels(image, progress);
      const booted = await coldBoot(current, image, candidates, progress);
      // a plain machine's disk now holds the reader's work: never save that as the clean snapshot
      return booted.record.readySnapshot || record.recipe === 'plain'
        ? booted
        : { record: await saveReadySnapshot(booted.record, progress), figures: booted.figures };
    },

    async stop(record: MachineRecord, progress: Progress): Promise<BootFigures> {
      const files = machineFiles(record.dir);
      const pid = await runningPid(files);
      if (pid === undefined) {
        progress.phase('not running');
        return {};
      }
      const rss = await peakRssKb(pid);
      progress.phase(`stopping QEMU ${pid} (ACPI power button, quit after ${config.stopTimeoutMs / 1000} s)`);
      const how = await stopQemu(files, pid, config.stopTimeoutMs);
      progress.phase(`stopped (${how})`);
      return rss !== undefined ? { peakRssKb: rss } : {};
    },

    async rm(record: MachineRecord, progress: Progress): Promise<void> {
      await driver.stop(record, progress);
      await rm(record.dir, { recursive: true, force: true });
      progress.phase(`removed ${record.dir}`);
    },

    async status(record: MachineRecord): Promise<MachineState> {
      const pid = await runningPid(machineFiles(record.dir));
      return pid === undefined ? { state: 'stopped' } : { state: 'running', pid };
    },

    sshTarget: target,
  };
  return driver;
}
