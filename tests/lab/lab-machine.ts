// The lab machine for the lane: made and started through the real `onramp machine` CLI,
// reached with OpenSSH using the machine's own key and pinned host key.
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cacheDir } from '../../server/config/paths';
import { driverFor } from '../../server/machine/drivers';
import { opensshArgs } from '../../server/machine/openssh';
import { imageKeys, loadRecipe, DEBIAN_SUITE } from '../../server/machine/qemu/image-recipe';
import { hostDebianMirror } from '../../server/machine/qemu/debian-mirror';
import type { MachineRecord } from '../../server/machine/record';
import { runTool, type ToolResult } from '../../server/machine/run-tool';
import { bootDeadline, describeBootDeadline, type BootDeadline } from '../../server/checks/defs/boot-deadline';
import { findMachine, storePath } from '../../server/machine/store';

export const LAB_MACHINE = 'onramp-lab';
const REPO = new URL('../../', import.meta.url).pathname;

/** The machine store persists across lane runs (in the cache dir); config is per run. */
export const labEnv: NodeJS.ProcessEnv = {
  ...process.env,
  ONRAMP_DATA_DIR: process.env.ONRAMP_LAB_DATA_DIR ?? join(cacheDir(), 'lab-lane'),
};

/** A fresh config dir (dom0.json, known_hosts) for this run; the caller removes it. */
export async function openLabConfig(): Promise<string> {
  labEnv.ONRAMP_CONFIG_DIR = await mkdtemp(join(tmpdir(), 'onramp-lab-config-'));
  return labEnv.ONRAMP_CONFIG_DIR;
}

export interface CliRun extends ToolResult {
  readonly seconds: number;
}

/** `onramp machine ...` as a user would run it; its progress lines stream to the lane log. */
export async function onrampMachine(args: readonly string[], timeoutMs: number): Promise<CliRun> {
  const started = Date.now();
  process.stderr.write(`$ onramp machine ${args.join(' ')}\n`);
  const result = await runTool(process.execPath, [join(REPO, 'bin/onramp.mjs'), 'machine', ...args], {
    cwd: REPO,
    env: labEnv,
    timeoutMs,
    onStderr: (chunk) => process.stderr.write(chunk),
  });
  process.stderr.write(`${result.stdout}-> exit ${result.code}\n`);
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

export async function labRecord(): Promise<MachineRecord | undefined> {
  return findMachine(LAB_MACHINE, storePath(labEnv));
}

export async function currentImageKey(): Promise<string> {
  return imageKeys(await loadRecipe(await hostDebianMirror(DEBIAN_SUITE))).image;
}

/**
 * How slow dom0 is right now, as the boot check measures it (boot-deadline.ts): the wall time
 * of one `xl list` as root, host side (here an OpenSSH login, so it also counts a handshake: a
 * generous figure). Returns the boot deadlines derived from it; the lab's fixed waits follow it.
 */
export async function measuredBootDeadline(record: MachineRecord): Promise<BootDeadline> {
  const started = Date.now();
  const list = await dom0(record, ['xl', 'list'], { timeoutMs: 300_000 });
  if (list.code !== 0) throw new Error(`xl list in dom0 failed (exit ${list.code}): ${list.stderr}`);
  const d = bootDeadline(Date.now() - started);
  process.stderr.write(
    `dom0 pace: ssh + xl list took ${(d.xlListMs / 1000).toFixed(1)} s; boot deadline ${describeBootDeadline(d)}\n`,
  );
  return d;
}

/** Run a command in dom0 over real SSH (argv joined by ssh into one remote command line). */
export async function dom0(
  record: MachineRecord,
  remote: readonly string[],
  opts: { user?: string; timeoutMs?: number; onLine?: (line: string) => void } = {},
): Promise<ToolResult> {
  const target = driverFor(record.driver).sshTarget(record, opts.user ?? 'root');
  return runTool('ssh', opensshArgs(target, remote), {
    timeoutMs: opts.timeoutMs ?? 60_000,
    ...(opts.onLine ? { onLine: opts.onLine } : {}),
  });
}

export async function copyToDom0(
  record: MachineRecord,
  files: readonly string[],
  remoteDir: string,
): Promise<ToolResult> {
  const t = driverFor(record.driver).sshTarget(record, 'root');
  const sshOpts = opensshArgs(t).filter(
    (a, i, all) => !(a === '-p' || all[i - 1] === '-p') && a !== `${t.user}@${t.host}`,
  );
  return runTool('scp', ['-q', '-P', String(t.port), ...sshOpts, ...files, `${t.user}@${t.host}:${remoteDir}/`], {
    timeoutMs: 60_000,
  });
}

/** Parse `figures: a 1.0 s, b 2 MiB` from the CLI's progress output. */
export function cliFigures(output: string): string[] {
  return [...output.matchAll(/figures: (.*)$/gm)].map((m) => m[1] ?? '');
}
