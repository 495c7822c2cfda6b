// The dom0 checks through the real SSH runner against a real OpenSSH sshd on loopback. The "dom0"
// is this Debian machine: reachable, no bridge, no Xen; the checks must say exactly that.
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { Verdict } from '../../protocol/verdict';
import { createSshRunner } from '../../server/runners/ssh';
import { createLocalRunner } from '../../server/runners/local';
import type { ConnectionPool } from '../../server/ssh/connection-pool';
import { createCheckService, runWithDeadline } from '../../server/checks/service';
import { xlVifBridge } from '../../server/checks/defs/dom0';
import { DEFAULT_CHECK_SETTINGS } from '../../server/checks/types';
import type { Sshd } from '../helpers/sshd';
import { startSshdDom0, type SshdDom0 } from '../helpers/sshd-dom0';
import { ok } from '../../protocol/result';

let sshd: Sshd;
let pool: ConnectionPool;
let target: Dom0Target;
let dom0: SshdDom0;
let work = '';

const hasBridge = readdirSync('/sys/class/net').some((name) => existsSync(`/sys/class/net/${name}/bridge`));
const hasXl = ['/usr/sbin/xl', '/usr/bin/xl', '/sbin/xl'].some((p) => existsSync(p));

beforeAll(async () => {
  dom0 = await startSshdDom0();
  ({ sshd, pool, target } = dom0);
  work = await mkdtemp(join(tmpdir(), 'onramp-dom0-checks-'));
  await chmod(work, 0o755);
}, 60_000);

afterAll(async () => {
  await dom0?.close();
  await rm(work, { recursive: true, force: true });
});

describe('dom0 checks over SSH', () => {
  it('reachable, then the truth about bridges and Xen on this "dom0"', async () => {
    const service = createCheckService((t) => ok(t === 'dom0' ? createSshRunner(pool, target) : createLocalRunner()), {
      progressFile: null,
    });
    const got: Record<string, Verdict> = {};
    await service.runAll('xen', (id, v) => (got[id] = v));
    expect(got['dom0-reachable']).toEqual({ status: 'passed', found: `dom0: Linux ${release()}` });
    if (!hasXl) {
      const xen = got['xen-running'];
      expect(xen?.status === 'failed' && [xen.reason, xen.found]).toEqual([
        'xl was not found in dom0: the Xen tools are not installed',
        'no xl on PATH',
      ]);
      expect(got['xen-version']?.status).toBe('skipped');
      expect(got['xen-hvm']?.status).toBe('skipped');
    }
    const bridge = await service.run('dom0-bridge');
    if (!hasBridge) expect(bridge.status === 'failed' && bridge.reason).toBe('dom0 has no network bridge');
  });

  it("reads the .xl file in dom0 and compares its vif bridge with dom0's bridges", async () => {
    const xlFile = join(work, 'hello.xl');
    await writeFile(
      xlFile,
      "name = 'hello'\nkernel = 'hello.xen'\ntype = 'pvh'\nmemory = 256\nvif = [ 'bridge=xenbr0' ]\n",
      { mode: 0o644 },
    );
    const settings = { ...DEFAULT_CHECK_SETTINGS, xlFile };
    const v = await runWithDeadline(xlVifBridge, createSshRunner(pool, target), settings, 'linux', 10_000);
    if (!hasBridge) {
      expect(v).toMatchObject({
        status: 'failed',
        reason: `${xlFile} attaches its network to the bridge "xenbr0", which does not exist in dom0`,
        found: 'vif bridge=xenbr0; dom0 bridges: none',
      });
    }
    const missing = await runWithDeadline(
      xlVifBridge,
      createSshRunner(pool, target),
      { ...settings, xlFile: join(work, 'absent.xl') },
      'linux',
      10_000,
    );
    expect(missing.status === 'failed' && missing.reason).toBe(`${join(work, 'absent.xl')} was not found in dom0`);
  });

  it("an unreachable dom0 is an error carrying the runner's message, and its dependents are skipped", async () => {
    const closed: Dom0Target = { ...target, port: 1 };
    const service = createCheckService((t) => ok(t === 'dom0' ? createSshRunner(pool, closed) : createLocalRunner()), {
      progressFile: null,
    });
    const got: Record<string, Verdict> = {};
    await service.runAll('dom0', (id, v) => (got[id] = v));
    const reach = got['dom0-reachable'];
    expect(reach?.status).toBe('error');
    expect(reach?.status === 'error' && reach.reason).toMatch(/127\.0\.0\.1|ECONNREFUSED|refused/);
    expect(got['dom0-bridge']).toMatchObject({ status: 'skipped', prerequisite: 'dom0-reachable' });
  });
});
