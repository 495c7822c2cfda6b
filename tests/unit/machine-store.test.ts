import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MachineRecord } from '../../server/machine/record';
import { findMachine, loadMachines, putMachine, removeMachine } from '../../server/machine/store';

const record = (name: string, sshPort = 40022): MachineRecord => ({
  name,
  driver: 'qemu',
  dir: `/d/${name}`,
  imageKey: 'k',
  sshPort,
  sshUser: 'root',
  hostKey: 'ssh-ed25519 AAAA',
  accel: 'tcg',
  readySnapshot: true,
  createdAt: '2026-01-01T00:00:00.000Z',
});

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onramp-machine-store-'));
  path = join(dir, 'machines', 'machines.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('machine store', () => {
  it('is empty before the first machine', async () => {
    expect(await loadMachines(path)).toEqual([]);
  });

  it('adds, replaces by name, finds and removes machines in a 0600 file', async () => {
    await putMachine(record('b'), path);
    await putMachine(record('a'), path);
    await putMachine(record('b', 40023), path);
    expect((await loadMachines(path)).map((m) => [m.name, m.sshPort])).toEqual([
      ['a', 40022],
      ['b', 40023],
    ]);
    expect((await findMachine('b', path))?.sshPort).toBe(40023);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await removeMachine('a', path)).toBe(true);
    expect(await removeMachine('a', path)).toBe(false);
    expect(JSON.parse(await readFile(path, 'utf8')).machines).toHaveLength(1);
  });

  it('says which field is wrong in a damaged store and how to fix it', async () => {
    await putMachine(record('a'), path);
    await writeFile(path, JSON.stringify({ version: 1, machines: [{ ...record('a'), sshPort: 'x' }] }));
    await expect(loadMachines(path)).rejects.toThrow(/machines\.0\.sshPort.*fix or delete the file/);
  });
});
