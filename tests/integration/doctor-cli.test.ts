// `onramp doctor` run for real as a child process against this machine's real opam (or its absence).
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { putMachine } from '../../server/machine/store';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/onramp.mjs');

/** The documented `--json` schema (server/checks/README.md), strict: no field more, none less. */
const DoctorJsonSchema = z.strictObject({
  version: z.literal(1),
  checks: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      stage: z.string(),
      required: z.boolean(),
      status: z.enum(['passed', 'warning', 'failed', 'skipped', 'error']),
      reason: z.string().nullable(),
      found: z.string().nullable(),
      expected: z.string().nullable(),
      fix: z.strictObject({ summary: z.string(), commands: z.array(z.string()), link: z.string() }).nullable(),
    }),
  ),
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Variables set on top of this process's environment. */
type Env = Record<string, string>;

function doctor(args: readonly string[], env: Env): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'doctor', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(guard);
      done({ code, stdout, stderr });
    });
  });
}

function parseJson(run: Run) {
  return DoctorJsonSchema.parse(JSON.parse(run.stdout));
}

const opamOnPath = spawnSync('opam', ['--version'], { encoding: 'utf8' });
const opamVersion = opamOnPath.status === 0 ? opamOnPath.stdout.trim() : undefined;

let tmp = '';
const env = (extra: Env): Env => ({ ONRAMP_CONFIG_DIR: join(tmp, 'config'), ...extra });

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'onramp-doctor-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('onramp doctor --json --stage opam', () => {
  it('without opam on PATH: opam-version fails as "not found", the rest is skipped, exit 1', async () => {
    const run = await doctor(['--json', '--stage', 'opam'], env({ PATH: join(tmp, 'empty-path') }));
    expect(run.code).toBe(1);
    const report = parseJson(run);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['opam-version', 'failed'],
      ['opam-initialised', 'skipped'],
      ['opam-env', 'skipped'],
    ]);
    expect(report.checks[0]).toMatchObject({
      stage: 'opam',
      reason: 'opam was not found on PATH',
      found: 'no opam on PATH',
      expected: 'opam 2.1.0 or newer',
    });
    expect(report.checks[0]?.fix?.link).toBe('/guide/troubleshooting#opam-missing');
    const stored = JSON.parse(await readFile(join(tmp, 'config', 'progress.json'), 'utf8'));
    expect(stored.checks['opam-version'].verdict.reason).toBe('opam was not found on PATH');
  });

  it("with this machine's PATH: opam-version tells the truth about opam here", async () => {
    const run = await doctor(['--json', '--stage', 'opam'], env({ OPAMROOT: join(tmp, 'no-opam-root') }));
    const first = parseJson(run).checks[0];
    if (opamVersion === undefined) {
      expect(first).toMatchObject({ id: 'opam-version', status: 'failed', reason: 'opam was not found on PATH' });
    } else {
      expect(first).toMatchObject({ id: 'opam-version', status: 'passed', found: `opam ${opamVersion}` });
      const second = parseJson(run).checks[1];
      expect(second).toMatchObject({
        id: 'opam-initialised',
        status: 'failed',
        reason: 'opam is installed but not initialised',
      });
    }
    expect(run.code).toBe(1);
  });
});

describe.runIf(opamVersion !== undefined)(
  'with a real initialised opam root (no network: an empty local repository)',
  () => {
    let root = '';
    let bin = '';
    beforeAll(async () => {
      root = join(tmp, 'opam-root');
      const repo = join(tmp, 'empty-repo');
      await mkdir(join(repo, 'packages'), { recursive: true });
      await writeFile(join(repo, 'repo'), 'opam-version: "2.0"\n');
      const opamEnv = { ...process.env, OPAMROOT: root, OPAMYES: '1' };
      const init = spawnSync('opam', ['init', '--bare', '--no-setup', '--disable-sandboxing', 'default', repo], {
        env: opamEnv,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(init.status, init.stderr).toBe(0);
      const create = spawnSync('opam', ['switch', 'create', 'default', '--empty'], {
        env: opamEnv,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(create.status, create.stderr).toBe(0);
      bin = join(root, 'default', 'bin');
    }, 120_000);

    it('a switch exists, but its environment is not loaded: opam-env fails naming the directory', async () => {
      const run = await doctor(['--json', '--stage', 'opam'], env({ OPAMROOT: root }));
      const checks = parseJson(run).checks;
      expect(checks.map((c) => c.status)).toEqual(['passed', 'passed', 'failed']);
      expect(checks[1]?.found).toBe('switch default (1 switch)');
      expect(checks[2]?.reason).toBe(`opam's environment is not loaded in this shell: ${bin} is not on PATH`);
      expect(run.code).toBe(1);
    });

    it('with the switch on PATH every opam check passes and doctor exits 0', async () => {
      const run = await doctor(
        ['--json', '--stage', 'opam'],
        env({ OPAMROOT: root, PATH: `${bin}:${process.env.PATH ?? ''}` }),
      );
      const checks = parseJson(run).checks;
      expect(checks.map((c) => [c.id, c.status])).toEqual([
        ['opam-version', 'passed'],
        ['opam-initialised', 'passed'],
        ['opam-env', 'passed'],
      ]);
      expect(checks[2]?.found).toBe(`${bin} is on PATH`);
      expect(run.code).toBe(0);
    });
  },
);

describe('text output and usage errors', () => {
  it('prints one line per check, then the failure with found, expected and fix', async () => {
    const run = await doctor(['--stage', 'opam'], env({ PATH: join(tmp, 'empty-path') }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '✗ opam-version: opam is installed, version 2.1 or newer — opam was not found on PATH',
    );
    expect(run.stdout).toContain('- opam-env: ');
    expect(run.stdout).toContain('    found:    no opam on PATH\n    expected: opam 2.1.0 or newer\n');
    // Something a reader can open: the chapter on Onramp's server, and its file.
    expect(run.stdout).toMatch(
      /    guide:    http:\/\/127\.0\.0\.1:\d+\/guide\/troubleshooting#opam-missing \(while onramp serve runs; or read \/\S+\/content\/troubleshooting\.mdx, section "opam-missing"\)\n/,
    );
    expect(run.stdout).toContain('1 failed, 2 skipped (3 checks)');
  });

  it('without dom0, the dom0 checks are errors saying so', async () => {
    const run = await doctor(['--json', '--stage', 'dom0'], env({}));
    const checks = parseJson(run).checks;
    expect(checks.find((c) => c.id === 'dom0-reachable')).toMatchObject({
      status: 'error',
      reason: 'dom0 is not configured: pass --dom0 USER@HOST --identity KEY (or register one with onramp machine)',
    });
    expect(checks.find((c) => c.id === 'dom0-bridge')?.status).toBe('skipped');
    expect(run.code).toBe(1);
  });

  it('on the QEMU path (a QEMU machine in the store) the VirtualBox checks are left out; --path overrides', async () => {
    const dataDir = join(tmp, 'data-qemu');
    await putMachine(
      {
        name: 'dom0',
        driver: 'qemu',
        dir: join(dataDir, 'machines', 'dom0'),
        imageKey: 'test',
        sshPort: 2222,
        sshUser: 'onramp',
        hostKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnramp',
        readySnapshot: false,
        createdAt: '2026-11-25T18:00:00.000Z',
      },
      join(dataDir, 'machines', 'machines.json'),
    );
    const ids = (run: Run) => parseJson(run).checks.map((c) => c.id);
    const qemu = ids(await doctor(['--json'], env({ ONRAMP_DATA_DIR: dataDir })));
    expect(qemu).toContain('dom0-reachable');
    expect(qemu.filter((id) => /^(virtualbox|hostonly|dom0-vm)/.test(id))).toEqual([]);
    const forced = ids(await doctor(['--json', '--path', 'virtualbox'], env({ ONRAMP_DATA_DIR: dataDir })));
    expect(forced).toContain('virtualbox-version');
    expect(forced).toContain('dom0-vm-nic');
  });

  it.each([
    [
      ['--stage', 'kernel'],
      'unknown stage "kernel": expected one of host, opam, ocaml, mirage, hello-unix, virtualbox, dom0-vm, dom0, xen, unikernel',
    ],
    [['--identity', '/tmp/key'], '--identity KEY needs --dom0 USER@HOST'],
    [['--bogus'], "unknown option '--bogus'"],
    [['--path', 'kvm'], 'unknown path "kvm": expected one of virtualbox, qemu, generic'],
  ])('%j is a usage error: exit 2', async (args, message) => {
    const run = await doctor(args, env({}));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});
