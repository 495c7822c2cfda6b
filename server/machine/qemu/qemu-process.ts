// The QEMU process of one machine: launch daemonized, find it by its pid file, stop it
// (ACPI power button, then `quit` after a deadline, then SIGKILL), read its figures.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { waitUntil } from '../wait-until';
import { mustRun } from '../run-tool';
import { monitorCommand } from './monitor';
import { qemuArgs, type QemuLaunch } from './qemu-args';

export interface MachineFiles {
  readonly dir: string;
  readonly disk: string;
  readonly seedDisk: string;
  readonly serialLog: string;
  readonly monitorSocket: string;
  readonly pidFile: string;
  readonly identityFile: string;
  readonly knownHostsFile: string;
  /** The plain recipe: the normal user's password (sudo asks for it), 0600, never logged. */
  readonly passwordFile: string;
}

export function machineFiles(dir: string): MachineFiles {
  return {
    dir,
    disk: join(dir, 'disk.qcow2'),
    seedDisk: join(dir, 'seed.raw'),
    serialLog: join(dir, 'serial.log'),
    monitorSocket: join(dir, 'monitor.sock'),
    pidFile: join(dir, 'qemu.pid'),
    identityFile: join(dir, 'id_ed25519'),
    knownHostsFile: join(dir, 'known_hosts'),
    passwordFile: join(dir, 'user-password'),
  };
}

/** The pid of this machine's QEMU when it runs (pid file names a live QEMU using this dir). */
export async function runningPid(files: MachineFiles): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number((await readFile(files.pidFile, 'utf8')).trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return cmdline[0]?.includes('qemu-system') && cmdline.some((a) => a.includes(files.monitorSocket))
      ? pid
      : undefined;
  } catch {
    return undefined;
  }
}

export async function launchQemu(launch: QemuLaunch): Promise<number> {
  await rm(launch.pidFile, { force: true });
  await rm(launch.monitorSocket, { force: true });
  await mustRun('qemu-system-x86_64', qemuArgs(launch), { timeoutMs: 120_000 });
  const pid = Number((await readFile(launch.pidFile, 'utf8')).trim());
  if (!Number.isInteger(pid) || pid <= 0)
    throw new Error(`QEMU started but its pid file ${launch.pidFile} holds no pid`);
  return pid;
}

/** Peak resident memory of a running process in kB (VmHWM), if readable. */
export async function peakRssKb(pid: number): Promise<number | undefined> {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function serialTail(files: MachineFiles, lines = 40): Promise<string> {
  try {
    return (await readFile(files.serialLog, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch {
    return `(no serial log at ${files.serialLog})`;
  }
}

const gone = (pid: number) => async () => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

/** Power off: ACPI button first, `quit` after `gracefulMs`, SIGKILL as the last resort. */
export async function stopQemu(
  files: MachineFiles,
  pid: number,
  gracefulMs = 60_000,
): Promise<'acpi' | 'quit' | 'kill'> {
  if (gracefulMs > 0) {
    try {
      await monitorCommand(files.monitorSocket, 'system_powerdown', 10_000);
      await waitUntil('QEMU to power off', gone(pid), { timeoutMs: gracefulMs, intervalMs: 500 });
      return 'acpi';
    } catch {
      // fall through to quit
    }
  }
  try {
    await monitorCommand(files.monitorSocket, 'quit', 10_000);
    await waitUntil('QEMU to quit', gone(pid), { timeoutMs: 15_000, intervalMs: 200 });
    return 'quit';
  } catch {
    process.kill(pid, 'SIGKILL');
    await waitUntil('QEMU to die', gone(pid), { timeoutMs: 10_000, intervalMs: 100 });
    return 'kill';
  }
}
