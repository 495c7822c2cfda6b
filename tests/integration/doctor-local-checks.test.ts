// Host checks gathering facts with the real local runner on this machine. The hello binary is a
// STAND-IN shell script printing mirage 4's log lines (mirage cannot be installed here offline).
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalRunner } from '../../server/runners/local';
import { runWithDeadline } from '../../server/checks/service';
import { hostPlatform } from '../../server/checks/defs/host-platform';
import { helloUnixBuilt, helloUnixRuns } from '../../server/checks/defs/hello-unix';
import { gatherHostNetwork, hostNetworkFrom } from '../../server/checks/defs/host-only-facts';
import { DEFAULT_CHECK_SETTINGS, type CheckDefinition } from '../../server/checks/types';
import { formatIpv4 } from '../../server/network/ipv4';

const runner = createLocalRunner();
let tmp = '';

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'onramp-local-checks-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const check = (def: CheckDefinition, helloDir = DEFAULT_CHECK_SETTINGS.helloDir) =>
  runWithDeadline(def, runner, { ...DEFAULT_CHECK_SETTINGS, helloDir }, process.platform, 20_000);

/** A stand-in for dist/hello: prints `count` hello lines in mirage 4's format, then exits with `code`. */
async function standInHello(name: string, count: number, code: number): Promise<string> {
  const dir = join(tmp, name);
  await mkdir(join(dir, 'dist'), { recursive: true });
  const lines = Array.from(
    { length: count },
    (_, i) => `echo "2024-04-14T14:15:2${i}+02:00: [INFO] [application] hello"`,
  );
  await writeFile(join(dir, 'dist', 'hello'), ['#!/bin/sh', ...lines, `exit ${code}`, ''].join('\n'));
  await chmod(join(dir, 'dist', 'hello'), 0o755);
  return dir;
}

describe('host checks on this machine', () => {
  it('host-platform reports what uname and os-release say', async () => {
    const uname = execFileSync('uname', ['-sm'], { encoding: 'utf8' }).trim();
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(await readFile('/etc/os-release', 'utf8'))?.[1];
    const v = await check(hostPlatform);
    expect(v.status === 'passed' || v.status === 'warning').toBe(true);
    expect(v.status !== 'skipped' && v.status !== 'error' && v.found).toBe(`${uname}${pretty ? ` (${pretty})` : ''}`);
    // The recommended path follows this CPU's virtualisation flag as /proc/cpuinfo shows it.
    if (uname === 'Linux x86_64') {
      const virt = /^flags\s*:.*\b(vmx|svm)\b/m.test(await readFile('/proc/cpuinfo', 'utf8'));
      expect(v.status === 'passed' && v.detail).toMatch(
        virt ? /^Recommended on Linux: QEMU\/KVM/ : /^This CPU shows no hardware virtualisation here/,
      );
    }
  });

  it('hello-unix: built and printing hello four times passes', async () => {
    const dir = await standInHello('good', 4, 0);
    expect(await check(helloUnixBuilt, dir)).toEqual({ status: 'passed', found: `${dir}/dist/hello` });
    expect(await check(helloUnixRuns, dir)).toEqual({ status: 'passed', found: '"hello" ×4, exit code 0' });
  });

  it('hello-unix: a short run and a missing binary fail with what was found', async () => {
    const dir = await standInHello('short', 3, 2);
    const runs = await check(helloUnixRuns, dir);
    expect(runs.status === 'failed' && runs.reason).toBe(
      'hello logged "hello" 3 times and exited with code 2; it should log it 4 times and exit with 0',
    );
    const empty = join(tmp, 'not-built');
    await mkdir(empty);
    const built = await check(helloUnixBuilt, empty);
    expect(built.status === 'failed' && built.reason).toBe(
      `hello is not built: ${empty}/dist/hello does not exist or is not executable`,
    );
  });

  it.runIf(process.platform === 'linux')(
    "the host-only checks read this machine's real addresses and routes",
    async () => {
      const outputs = await gatherHostNetwork({
        exec: (req) => runner.exec(req),
        waitingFor: () => undefined,
        needs: () => undefined,
        attempt: 1,
        settings: DEFAULT_CHECK_SETTINGS,
        hostPlatform: 'linux',
      });
      const host = hostNetworkFrom(outputs);
      expect(host?.addrs.map((a) => `${a.ifname} ${formatIpv4(a.address)}/${a.prefix}`)).toContain('lo 127.0.0.1/8');
      expect(host?.routes.length).toBeGreaterThan(0);
    },
  );
});
