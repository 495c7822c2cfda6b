// `onramp machine` with --driver virtualbox, as a real process, against the VBoxManage STAND-IN
// (VirtualBox cannot run here): plan-network, a refused request, and a create that stops
// half-way, is reported with VirtualBox's message, and is removable with `rm`.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeStandin, type Standin } from '../helpers/vboxmanage-standin-harness';

const root = resolve(import.meta.dirname, '../..');
let standin: Standin;
let home: string;

async function onramp(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const raw = join(home, 'debian.raw');
  writeFileSync(raw, 'stand-in raw image\n');
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(root, 'bin/onramp.mjs'), 'machine', ...args],
      {
        cwd: root,
        env: {
          ...process.env,
          ONRAMP_CONFIG_DIR: join(home, 'config'),
          ONRAMP_DATA_DIR: join(home, 'data'),
          ONRAMP_VBOXMANAGE: standin.path,
          ONRAMP_VBOX_CLOUD_IMAGE: raw,
        },
        timeout: 120_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'vbox-cli-'));
});

afterEach(() => {
  standin.cleanup();
  rmSync(home, { recursive: true, force: true });
});

describe('onramp machine --driver virtualbox (VBoxManage stand-in)', () => {
  it("plan-network chooses around docker-machine's vboxnet0 and changes nothing", async () => {
    standin = makeStandin();
    writeFileSync(
      join(standin.dir, 'state.json'),
      JSON.stringify({
        vms: [],
        uuidCounter: 0,
        hostonlynets: [],
        dhcpservers: [],
        hostonlyifs: [{ name: 'vboxnet0', ip: '192.168.56.1', mask: '255.255.255.0', createdAt: 0 }],
      }),
    );
    const result = await onramp(['plan-network', 'dom0', '--json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({
      subnet: '192.168.57.0/24',
      hostIp: '192.168.57.1',
      dom0Ip: '192.168.57.5',
      unikernels: '192.168.57.150-192.168.57.199',
      mode: 'hostonlyif',
    });
    expect(standin.calls().every((c) => c[0] === '--version' || c[0] === 'list')).toBe(true);
  }, 60_000);

  it('create with a host-only address VirtualBox would refuse exits 1 with the reason and a subnet that works', async () => {
    standin = makeStandin();
    const result = await onramp(['create', '--driver', 'virtualbox', '--hostonly-ip', '192.168.99.1/24', 'lab']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /onramp machine create: cannot use a host-only network[\s\S]*192\.168\.99\.0\/24 is outside the ranges VirtualBox allows[\s\S]*--hostonly-ip 192\.168\.56\.1\/24/,
    );
    expect(standin.world().vms).toEqual([]);
  }, 60_000);

  it("a create that fails half-way says so with the command and VirtualBox's message; rm removes the half-made VM", async () => {
    standin = makeStandin({
      faults: [
        {
          command: 'storagectl',
          kind: 'fail',
          times: 1,
          message: 'Code E_FAIL (0x80004005) - stand-in storage failure',
        },
      ],
    });
    const created = await onramp(['create', '--driver', 'virtualbox', 'lab']);
    expect(created.code).toBe(1);
    expect(created.stderr).toMatch(
      /VBoxManage storagectl lab --name SATA --add sata .* failed:\nerror: Code E_FAIL \(0x80004005\) - stand-in storage failure\nFix the cause, then run the same command again/,
    );
    expect(standin.world().vms.map((v) => v.name)).toEqual(['lab']);
    const dir = join(home, 'data', 'machines', 'lab');
    expect(existsSync(join(dir, 'virtualbox.json'))).toBe(true);

    const removed = await onramp(['rm', 'lab']);
    expect(removed.stderr).not.toMatch(/onramp machine rm:/);
    expect(removed.code).toBe(0);
    expect(standin.world().vms).toEqual([]);
    expect(standin.world().hostonlyifs).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  }, 90_000);
});
