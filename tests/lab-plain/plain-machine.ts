// The plain lab machine (Debian 12 as installed, booting through GRUB, no Xen) for the plain
// lane: made and started through the real `onramp machine` CLI, each run from its clean snapshot.
import { readFile } from 'node:fs/promises';
import type { TestContext } from 'vitest';
import { join } from 'node:path';
import { hostDebianMirror } from '../../server/machine/qemu/debian-mirror';
import { machineFiles, serialTail } from '../../server/machine/qemu/qemu-process';
import { DEBIAN_SUITE, imageKeys, loadRecipe } from '../../server/machine/qemu/image-recipe';
import type { MachineRecord } from '../../server/machine/record';
import { findMachine, storePath } from '../../server/machine/store';
import { cliFigures, labEnv, onrampMachine } from '../lab/lab-machine';

export const PLAIN_MACHINE = 'onramp-plain';

export async function plainRecord(): Promise<MachineRecord | undefined> {
  return findMachine(PLAIN_MACHINE, storePath(labEnv));
}

async function currentPlainImageKey(): Promise<string> {
  return imageKeys(await loadRecipe(await hostDebianMirror(DEBIAN_SUITE), undefined, 'plain')).image;
}

/**
 * The plain machine, running from its clean snapshot: made (image built if the cache lacks it)
 * when missing or made from an older recipe, then stopped and started with --clean. Pushes the
 * CLI's figures lines onto `figures`.
 */
export async function cleanPlainMachine(figures: string[]): Promise<MachineRecord> {
  const existing = await plainRecord();
  if (existing && existing.imageKey !== (await currentPlainImageKey())) {
    process.stderr.write('plain machine was made from an older recipe: recreating it\n');
    await onrampMachine(['rm', PLAIN_MACHINE], 300_000);
  }
  if (!(await plainRecord())) {
    const created = await onrampMachine(['create', '--driver', 'qemu', '--recipe', 'plain', PLAIN_MACHINE], 3_000_000);
    figures.push(...cliFigures(created.stderr).map((f) => `create: ${f}`));
    if (created.code !== 0) throw new Error(`onramp machine create --recipe plain failed:\n${created.stderr}`);
  }
  const stopped = await onrampMachine(['stop', PLAIN_MACHINE], 300_000);
  if (stopped.code !== 0) throw new Error(`onramp machine stop failed:\n${stopped.stderr}`);
  const started = await onrampMachine(['start', '--clean', '--use-as-dom0', PLAIN_MACHINE], 1_200_000);
  figures.push(...cliFigures(started.stderr).map((f) => `start --clean: ${f}`));
  if (started.code !== 0) throw new Error(`onramp machine start --clean failed:\n${started.stderr}`);
  const record = await plainRecord();
  if (!record) throw new Error(`the machine store has no ${PLAIN_MACHINE} after create/start`);
  return record;
}

/** The normal user's password (sudo asks for it), as the machine's create wrote it. */
export async function plainUserPassword(record: MachineRecord): Promise<string> {
  return (await readFile(join(record.dir, 'user-password'), 'utf8')).trim();
}

/**
 * The last `lines` lines of the plain machine's serial log (GRUB, Xen on COM1, dom0's console),
 * terminal escapes removed, for a failing test's output: where a boot stopped. A note when there
 * is no machine or no log.
 */
export async function plainSerialTail(lines = 60): Promise<string> {
  const record = await plainRecord();
  if (!record) return `(no ${PLAIN_MACHINE} machine in the store)`;
  const files = machineFiles(record.dir);
  const text = (await serialTail(files, lines)).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return `--- serial log tail (${files.serialLog}) ---\n${text}`;
}

/** For `beforeEach`: a failing test prints where the machine's boot stopped (plainSerialTail). */
export function serialTailOnFailure({ onTestFailed }: Pick<TestContext, 'onTestFailed'>): void {
  onTestFailed(async () => console.log(await plainSerialTail()));
}
