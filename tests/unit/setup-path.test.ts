// The reader's setup path: their choice (setup-path.json) first, else the machine store's newest
// dom0 machine, else VirtualBox; "run all" asks for it at each run.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SetupPath } from '../../protocol/check-catalog';
import { resolveSetupPath, setupPathOf } from '../../server/checks/setup-path';
import { readSetupPathChoice, writeSetupPathChoice } from '../../server/config/setup-path-choice';
import { createCheckService } from '../../server/checks/service';
import type { MachineRecord } from '../../server/machine/record';
import type { CheckDefinition } from '../../server/checks/types';
import type { TargetRunner } from '../../server/runners/types';
import { execOutput } from '../fixtures/tools/load';
import { ok } from '../../protocol/result';

const base = {
  dir: '/x',
  imageKey: 'k',
  sshPort: 2222,
  sshUser: 'onramp',
  hostKey: 'ssh-ed25519 AAAA',
  readySnapshot: true,
} as const;

function machine(name: string, driver: MachineRecord['driver'], createdAt: string, more: Partial<MachineRecord> = {}) {
  return { ...base, name, driver, createdAt, ...more } satisfies MachineRecord;
}

describe('setupPathOf (the path a machine store implies)', () => {
  it.each<[string, MachineRecord[], SetupPath | undefined]>([
    ['no machine', [], undefined],
    ['a QEMU dom0', [machine('dom0', 'qemu', '2026-11-25T18:00:00Z')], 'qemu'],
    ['a generic machine only (not VirtualBox)', [machine('spare', 'generic', '2026-11-25T18:00:00Z')], 'generic'],
    ['a VirtualBox VM', [machine('dom0', 'virtualbox', '2026-11-25T18:00:00Z')], 'virtualbox'],
    [
      'a QEMU plain machine made into a dom0 by the generic driver',
      [
        machine('plain', 'qemu', '2026-11-25T18:00:00Z', { recipe: 'plain' }),
        machine('spare', 'generic', '2026-11-25T18:05:00Z'),
      ],
      'generic',
    ],
    [
      'a QEMU plain machine alone (not a dom0 yet)',
      [machine('plain', 'qemu', '2026-11-25T18:00:00Z', { recipe: 'plain' })],
      undefined,
    ],
    [
      'the newest dom0 machine wins',
      [machine('spare', 'generic', '2026-11-20T10:00:00Z'), machine('dom0', 'qemu', '2026-11-25T18:00:00Z')],
      'qemu',
    ],
  ])('%s', (_what, machines, expected) => {
    expect(setupPathOf(machines)).toBe(expected);
  });
});

describe('resolveSetupPath', () => {
  const generic = [machine('spare', 'generic', '2026-11-25T18:00:00Z')];
  it('the reader’s choice wins over the machine store', async () => {
    const info = await resolveSetupPath({ choice: async () => ({ path: 'qemu' }), machines: async () => generic });
    expect(info).toEqual({ path: 'qemu', source: 'chosen' });
  });
  it('without a choice, the machine store', async () => {
    expect(await resolveSetupPath({ choice: async () => null, machines: async () => generic })).toEqual({
      path: 'generic',
      source: 'machine',
    });
  });
  it('neither: VirtualBox, also when the files cannot be read', async () => {
    expect(await resolveSetupPath({ choice: async () => null, machines: async () => [] })).toEqual({
      path: 'virtualbox',
      source: 'default',
    });
    const broken = async (): Promise<never> => {
      throw new Error('EACCES');
    };
    expect(await resolveSetupPath({ choice: broken, machines: broken })).toEqual({
      path: 'virtualbox',
      source: 'default',
    });
  });
});

describe('setup-path.json', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onramp-setup-path-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is absent until chosen, then holds the choice (0600)', async () => {
    const file = join(dir, 'setup-path.json');
    expect(await readSetupPathChoice(file)).toBeNull();
    await writeSetupPathChoice('generic', file, new Date('2026-11-30T21:00:00Z'));
    expect(await readSetupPathChoice(file)).toEqual({ path: 'generic', chosenAt: '2026-11-30T21:00:00.000Z' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ path: 'generic', chosenAt: '2026-11-30T21:00:00.000Z' });
  });

  it('a damaged file is refused naming the file and the fix', async () => {
    const file = join(dir, 'setup-path.json');
    await writeFile(file, JSON.stringify({ path: 'hyperv', chosenAt: 'x' }));
    await expect(readSetupPathChoice(file)).rejects.toThrow(
      /setup-path\.json is not a setup path choice \(path: .*\); expected \{"path": one of virtualbox, qemu, generic\}; choose the path again/,
    );
  });
});

describe('"run all" asks for the path at each run', () => {
  it('a path chosen while the server runs changes what the next "run all" runs', async () => {
    const runner: TargetRunner = {
      kind: 'host',
      exec: async () => execOutput({ stdout: 'ok\n' }),
      spawnPty: () => Promise.reject(new Error('not used')),
    };
    let path: SetupPath = 'virtualbox';
    const ran: string[] = [];
    const service = createCheckService(() => ok(runner), {
      progressFile: null,
      path: async () => path,
      catalog: {
        'vbox-only': {
          title: 'VB',
          stage: 'virtualbox',
          target: 'host',
          requires: [],
          required: true,
          chapter: 'virtualbox',
          path: 'virtualbox',
        },
        'every-path': { title: 'all', stage: 'dom0', target: 'host', requires: [], required: true, chapter: 'dom0' },
      },
      definitions: {
        'vbox-only': { id: 'vbox-only' as CheckDefinition['id'], run: async () => ({ status: 'passed', found: 'vb' }) },
        'every-path': {
          id: 'every-path' as CheckDefinition['id'],
          run: async () => ({ status: 'passed', found: 'all' }),
        },
      },
    });
    await service.runAll(undefined, (id) => ran.push(id));
    expect(ran.sort()).toEqual(['every-path', 'vbox-only']);
    ran.length = 0;
    path = 'qemu';
    await service.runAll(undefined, (id) => ran.push(id));
    expect(ran).toEqual(['every-path']);
  });
});
