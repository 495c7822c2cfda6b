// `onramp machine` as a user runs it, for the paths that need no VM: listing, unknown machines,
// bad names and drivers. Real processes, temp data and config dirs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putMachine } from '../../server/machine/store';
import { runTool } from '../../server/machine/run-tool';

const REPO = new URL('../../', import.meta.url).pathname;
let home: string;
let env: NodeJS.ProcessEnv;

function machine(...args: string[]) {
  return runTool(process.execPath, [join(REPO, 'bin/onramp.mjs'), 'machine', ...args], {
    cwd: REPO,
    env,
    timeoutMs: 60_000,
  });
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'onramp-machine-cli-'));
  env = {
    ...process.env,
    ONRAMP_DATA_DIR: join(home, 'data'),
    ONRAMP_CONFIG_DIR: join(home, 'config'),
    ONRAMP_CACHE_DIR: join(home, 'cache'),
  };
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('onramp machine (no VM needed)', () => {
  it('ls prints only the header when there are no machines', async () => {
    const r = await machine('ls');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('NAME  DRIVER  STATE  SSH');
  });

  it('names the missing machine and how to create it', async () => {
    const r = await machine('ip', 'nosuch');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'no machine named "nosuch" (none created yet); create it with: onramp machine create --driver qemu nosuch',
    );
  });

  it('refuses bad names and unknown drivers before doing any work', async () => {
    const bad = await machine('create', 'Bad_Name');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/"Bad_Name" is not a machine name/);
    const driver = await machine('create', '--driver', 'hyperv', 'lab2');
    expect(driver.code).toBe(1);
    expect(driver.stderr).toMatch(/unknown machine driver "hyperv": available drivers are qemu/);
  });

  it.skipIf(process.getuid?.() !== 0)(
    // Only the image build needs root (server/machine/qemu/root-build.ts): through sudo, which
    // here (user nobody, no sudo rights, no terminal) can neither run without a password nor ask.
    'create as a normal user without a terminal for sudo says where to run it instead',
    async () => {
      const { chmod } = await import('node:fs/promises');
      await chmod(home, 0o777);
      const r = await runTool(
        'setpriv',
        [
          '--reuid=nobody',
          '--regid=nogroup',
          '--clear-groups',
          process.execPath,
          join(REPO, 'bin/onramp.mjs'),
          'machine',
          'create',
          'lab4',
        ],
        {
          cwd: REPO,
          env: { ...env, HOME: home },
          timeoutMs: 60_000,
        },
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /onramp machine create: building the lab image needs root through sudo, sudo wants a password, and there is no terminal to ask it on; run `onramp machine create --driver qemu NAME` in a terminal, or from the "Create the lab machine" step in Onramp/,
      );
    },
  );

  it('lists a stored machine as stopped with its SSH address, and ip prints it', async () => {
    await putMachine(
      {
        name: 'lab3',
        driver: 'qemu',
        dir: join(home, 'data', 'machines', 'lab3'),
        imageKey: 'k',
        sshPort: 40123,
        sshUser: 'root',
        hostKey: 'ssh-ed25519 AAAA',
        readySnapshot: false,
        createdAt: new Date().toISOString(),
      },
      join(home, 'data', 'machines', 'machines.json'),
    );
    const ls = await machine('ls');
    expect(ls.stdout).toMatch(/^lab3\s+qemu\s+stopped\s+127\.0\.0\.1:40123$/m);
    expect((await machine('ip', 'lab3')).stdout.trim()).toBe('127.0.0.1:40123');
  });
});
