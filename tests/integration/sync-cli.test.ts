// `onramp sync SOURCE DEST --dom0 ... --identity ...` as a real process against a real sshd: the
// "dom0" is this machine, so what landed is read straight from the disk.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, trustedKnownHosts, type Sshd } from '../helpers/sshd';

const root = resolve(import.meta.dirname, '../..');
let sshd: Sshd;
let khDir: string;
let work: string;
let configDir: string;
const dest = `/tmp/onramp-sync-cli-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  sshd = await startSshd();
  khDir = (await trustedKnownHosts(sshd)).dir;
  work = await mkdtemp(join(tmpdir(), 'onramp-sync-cli-'));
  configDir = join(work, 'config');
  await mkdir(configDir);
  await copyFile(join(khDir, 'onramp_known_hosts'), join(configDir, 'known_hosts'));
  await mkdir(join(work, 'src', 'tutorial', '_build'), { recursive: true });
  await writeFile(join(work, 'src', 'tutorial', 'unikernel.ml'), 'let start () = ()\n');
  await writeFile(join(work, 'src', 'tutorial', '_build', 'big.o'), randomBytes(100_000));
  await writeFile(join(work, 'src', 'config.ml'), 'open Mirage\n');
});

afterAll(async () => {
  await sshd?.stop();
  await rm(khDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
  await rm(dest, { recursive: true, force: true });
});

function onrampSync(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(root, 'bin/onramp.mjs'), 'sync', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      ONRAMP_CONFIG_DIR: configDir,
      ONRAMP_CACHE_DIR: join(work, 'cache'),
      ONRAMP_SSH_KNOWN_HOSTS: join(khDir, 'user_known_hosts'),
      ...env,
    },
  });
}

describe('onramp sync', () => {
  it('copies the folder into dom0 with progress, leaving out _build; a re-sync sends only the changed file', async () => {
    const target = ['--dom0', `${sshd.user}@127.0.0.1:${sshd.port}`, '--identity', sshd.keyPath];
    const first = onrampSync([join(work, 'src'), dest, ...target]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`to ${sshd.user}@127.0.0.1:${dest}: full copy`);
    expect(first.stderr).toMatch(/^sync: [\d.]+ MB of [\d.]+ MB \(100%\)$/m);
    expect(await readFile(join(dest, 'tutorial', 'unikernel.ml'), 'utf8')).toBe('let start () = ()\n');
    expect(await readFile(join(dest, 'config.ml'), 'utf8')).toBe('open Mirage\n');
    expect(existsSync(join(dest, 'tutorial', '_build'))).toBe(false);

    await writeFile(join(work, 'src', 'config.ml'), 'open Mirage\nlet main = ()\n');
    const again = onrampSync([join(work, 'src'), dest, ...target]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('changes only: 1 entries sent');
    expect(await readFile(join(dest, 'config.ml'), 'utf8')).toBe('open Mirage\nlet main = ()\n');

    const unchanged = onrampSync([join(work, 'src'), dest, ...target]);
    expect(unchanged.stdout).toContain('nothing changed');
  });

  it('says what is wrong when there is no dom0 or no folder', () => {
    const noDom0 = onrampSync([join(work, 'src'), dest]);
    expect(noDom0.status).toBe(1);
    expect(noDom0.stderr).toContain('dom0 is not configured: pass --dom0 USER@HOST:PORT');
    const noFolder = onrampSync([join(work, 'nope'), dest]);
    expect(noFolder.status).toBe(1);
    expect(noFolder.stderr).toContain(`${join(work, 'nope')} is not a folder on this machine`);
  });
});
