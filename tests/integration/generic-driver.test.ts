// `onramp machine create --driver generic` as a real process against a real OpenSSH sshd on
// loopback (this machine plays the spare PC): the host key is never trusted on first use, a key
// passphrase and a sudo password are asked for on the terminal, and preflight judges this
// machine's real facts (it is Debian 12 on x86_64; a VM whose CPU has no vmx/svm is refused).
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuFlags } from '../../server/machine/generic/preflight';
import { createLocalRunner } from '../../server/runners/local';
import type { RunResult } from '../../protocol/run-result';
import { pollFor } from '../helpers/poll';
import { SSHD_PASSWORD, SSHD_SUDO_PW_USER, startSshd, type Sshd } from '../helpers/sshd';

const root = resolve(import.meta.dirname, '../..');
const PASSPHRASE = 'generic-driver passphrase';
let sshd: Sshd;
let work: string;
/** This machine's CPU, the truth preflight must tell. */
const hasVirt = ['vmx', 'svm'].some((f) => cpuFlags(readFileSync('/proc/cpuinfo', 'utf8')).includes(f));

function env(): NodeJS.ProcessEnv & Record<string, string> {
  return {
    ...(process.env as NodeJS.ProcessEnv & Record<string, string>),
    ONRAMP_CONFIG_DIR: join(work, 'config'),
    ONRAMP_DATA_DIR: join(work, 'data'),
    ONRAMP_CACHE_DIR: join(work, 'cache'),
    ONRAMP_SSH_KNOWN_HOSTS: join(work, 'user_known_hosts'),
    SSH_AUTH_SOCK: '',
  };
}

function create(args: readonly string[]) {
  return spawnSync(
    process.execPath,
    [join(root, 'bin/onramp.mjs'), 'machine', 'create', '--driver', 'generic', ...args],
    {
      encoding: 'utf8',
      timeout: 60_000,
      env: env(),
    },
  );
}

/** The CLI on a terminal, answering each secret prompt that matches with its answer. */
async function createOnTerminal(
  args: readonly string[],
  answers: ReadonlyArray<readonly [RegExp, string]>,
): Promise<{ output: string; result: RunResult; prompts: number }> {
  const proc = await createLocalRunner().spawnPty(
    {
      argv: [process.execPath, join(root, 'bin/onramp.mjs'), 'machine', 'create', '--driver', 'generic', ...args],
      env: env(),
      timeoutMs: 60_000,
    },
    { cols: 200, rows: 50 },
  );
  let output = '';
  let answered = 0;
  proc.onData((chunk) => {
    output += chunk;
    const pending = output.slice(output.lastIndexOf('Enter the '));
    const answer = answers.find(([prompt]) => prompt.test(pending) && pending.trimEnd().endsWith(':'));
    if (answer && output.split('Enter the ').length - 1 > answered) {
      answered += 1;
      proc.write(`${answer[1]}\r`);
    }
  });
  const result = await new Promise<RunResult>((done) => proc.onExit(done));
  return { output, result, prompts: answered };
}

async function storedMachines(): Promise<unknown[]> {
  const path = join(work, 'data', 'machines', 'machines.json');
  return existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as { machines: unknown[] }).machines : [];
}

beforeAll(async () => {
  sshd = await startSshd();
  work = await mkdtemp(join(tmpdir(), 'onramp-generic-'));
});

afterAll(async () => {
  await sshd?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('onramp machine create --driver generic', () => {
  it('refuses an unknown host key, showing the offered fingerprint and the exact command that confirms it', async () => {
    const run = create(['--ssh', `${sshd.user}@127.0.0.1:${sshd.port}`, '--identity', sshd.keyPath, 'spare']);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain(`it offers ED25519 ${sshd.hostFingerprint}`);
    expect(run.stderr).toContain('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    expect(run.stderr).toContain(
      `onramp machine create --driver generic --ssh ${sshd.user}@127.0.0.1:${sshd.port} --identity ${sshd.keyPath} --host-key ${sshd.hostFingerprint} spare`,
    );
    // nothing trusted, nothing recorded, no directory left behind
    expect(existsSync(join(work, 'config', 'known_hosts'))).toBe(false);
    expect(await storedMachines()).toEqual([]);
    expect(existsSync(join(work, 'data', 'machines', 'spare'))).toBe(false);
  });

  it('refuses a --host-key that is not the offered key', () => {
    const wrong = `SHA256:${'A'.repeat(43)}`;
    const run = create([
      '--ssh',
      `${sshd.user}@127.0.0.1:${sshd.port}`,
      '--identity',
      sshd.keyPath,
      '--host-key',
      wrong,
      'spare',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `offers the host key ED25519 ${sshd.hostFingerprint}, not the ${wrong} given with --host-key`,
    );
    expect(existsSync(join(work, 'config', 'known_hosts'))).toBe(false);
  });

  it("with the right --host-key logs in and judges this machine's real facts (no vmx/svm here: refused, nothing changed)", async () => {
    const run = create([
      '--ssh',
      `${sshd.user}@127.0.0.1:${sshd.port}`,
      '--identity',
      sshd.keyPath,
      '--host-key',
      sshd.hostFingerprint,
      'spare',
    ]);
    expect(run.stderr).toContain(`host key: ED25519 ${sshd.hostFingerprint} matches --host-key`);
    // the key the user confirmed is pinned for the next connection
    expect(await readFile(join(work, 'config', 'known_hosts'), 'utf8')).toContain(sshd.hostPublicKey.split(' ')[1]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `onramp-test@127.0.0.1:${sshd.port} cannot become dom0 as it is (nothing was changed on it)`,
    );
    if (!hasVirt) {
      expect(run.stderr).toMatch(/hardware virtualisation: found neither vmx nor svm in \/proc\/cpuinfo's flags/);
      expect(run.stderr).toMatch(/ {2}expected: vmx \(Intel VT-x\) or svm \(AMD-V\)/);
    }
    // the bridge's default card is VirtualBox's enp0s8, which this machine lacks
    expect(run.stderr).toMatch(/network card for the bridge: found no card named enp0s8 \(the machine has .*\)/);
    expect(run.stderr).toMatch(/ {2}fix: Give the card for the host-only side with --param nic=NAME/);
    // Debian 12, x86_64, memory, disk and sudo of this machine pass
    expect(run.stderr).not.toMatch(/^(operating system|processor architecture|memory|free disk|sudo):/m);
    expect(await storedMachines()).toEqual([]);
    expect(existsSync(join(work, 'config', 'dom0.json'))).toBe(false);
  });

  it('refuses a bridge over the card this SSH login comes in on (lo holds 127.0.0.1 here)', () => {
    const run = create([
      '--ssh',
      `${sshd.user}@127.0.0.1:${sshd.port}`,
      '--identity',
      sshd.keyPath,
      '--param',
      'nic=lo',
      'spare',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'network card for the bridge: found lo holds 127.0.0.1, the address this SSH connection came in on',
    );
  });

  it('refuses a --param no step of the dom0 chapters takes before connecting', () => {
    const run = create([
      '--ssh',
      `${sshd.user}@127.0.0.1:${sshd.port}`,
      '--identity',
      sshd.keyPath,
      '--param',
      'nosuch=1',
      'spare',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--param nosuch: no step of xen, dom0 takes it/);
    expect(run.stderr).not.toContain('host key:');
  });

  it('asks for the sudo password on the terminal (never echoed), and refuses after wrong ones', async () => {
    const target = ['--ssh', `${SSHD_SUDO_PW_USER}@127.0.0.1:${sshd.port}`, '--identity', sshd.keyPath, 'spare'];
    const good = await createOnTerminal(target, [[/sudo password for onramp-test-pw on 127\.0\.0\.1/, SSHD_PASSWORD]]);
    expect(good.prompts, good.output).toBe(1);
    expect(good.output).not.toContain(SSHD_PASSWORD);
    expect(good.output).not.toMatch(/^sudo:/m);
    expect(good.output).toContain('cannot become dom0 as it is');
    expect(good.output).not.toMatch(/^sudo: found/m);

    const bad = await createOnTerminal(target, [[/sudo password for onramp-test-pw/, 'not-the-password']]);
    expect(bad.prompts, bad.output).toBe(3);
    expect(bad.output).toContain('sudo did not accept that password');
    expect(bad.output).toMatch(/sudo: found sudo refused onramp-test-pw/);
    expect(bad.result.exitCode).toBe(1);
  });

  it("asks for the key's passphrase on the terminal and logs in with it", async () => {
    const key = join(work, 'passphrase_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-f', key]);
    await sshd.authorize(await readFile(`${key}.pub`, 'utf8'));
    const run = await createOnTerminal(
      ['--ssh', `${sshd.user}@127.0.0.1:${sshd.port}`, '--identity', key, 'spare'],
      [[/passphrase of the key/, PASSPHRASE]],
    );
    expect(run.prompts, run.output).toBe(1);
    expect(run.output).not.toContain(PASSPHRASE);
    await pollFor('preflight to have run', () => run.output.includes('preflight:'));
    expect(run.output).not.toContain('cannot log in');
  });

  it('without a terminal, a passphrase it cannot ask for stops the login with the fix', () => {
    const run = create([
      '--ssh',
      `${sshd.user}@127.0.0.1:${sshd.port}`,
      '--identity',
      join(work, 'passphrase_ed25519'),
      'spare',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/cannot log in to onramp-test@127\.0\.0\.1:\d+: .*passphrase/);
  });
});
