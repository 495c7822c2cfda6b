// `onramp doctor --dom0 TARGET --identity KEY` as a real process against a real sshd.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, trustedKnownHosts, type Sshd } from '../helpers/sshd';

const root = resolve(__dirname, '../..');
let sshd: Sshd;
let dir: string;

beforeAll(async () => {
  sshd = await startSshd();
  dir = (await trustedKnownHosts(sshd)).dir;
});

afterAll(async () => {
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface DoctorJson {
  checks: Array<{ id: string; status: string; reason?: string; found?: string | null }>;
}

function doctor(configDir: string): DoctorJson {
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'bin/onramp.mjs'),
      'doctor',
      '--json',
      '--stage',
      'dom0',
      '--dom0',
      `${sshd.user}@127.0.0.1:${sshd.port}`,
      '--identity',
      sshd.keyPath,
    ],
    {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ONRAMP_CONFIG_DIR: configDir, ONRAMP_SSH_KNOWN_HOSTS: join(dir, 'user_known_hosts') },
    },
  );
  expect(run.status, run.stderr).not.toBeNull();
  return JSON.parse(run.stdout) as DoctorJson;
}

describe('onramp doctor --dom0', () => {
  it('reaches dom0 over SSH with the given key and pinned host key, and exits by itself', async () => {
    const configDir = join(dir, 'cfg-known');
    await rm(configDir, { recursive: true, force: true });
    await mkdir(configDir);
    await copyFile(join(dir, 'onramp_known_hosts'), join(configDir, 'known_hosts'));
    const reachable = doctor(configDir).checks.find((c) => c.id === 'dom0-reachable');
    expect(reachable?.status).toBe('passed');
  });

  it('an unknown host key is an error on the dom0 checks, with the fingerprint and what to do from the CLI', () => {
    const reachable = doctor(join(dir, 'cfg-empty')).checks.find((c) => c.id === 'dom0-reachable');
    expect(reachable?.status).toBe('error');
    expect(reachable?.reason).toContain(`is not known yet: ED25519 ${sshd.hostFingerprint}`);
    expect(reachable?.reason).toContain(`run \`ssh -p ${sshd.port} onramp-test@127.0.0.1\` once and answer yes`);
  });
});
