// The compose executor over the real dom0 runner (a real OpenSSH sshd on loopback). xl and ip
// are TEST STAND-INS (tests/fixtures/compose/standin-bin: argv recorded, xl's and iproute2's
// messages) on the test user's PATH, since a real Xen runs only in the lab lane.
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dom0Target } from '../../protocol/socket-dom0';
import { ComposeStepError, listDomains, type ComposeDom0 } from '../../server/compose/dom0-ops';
import { buildSyncOver } from '../../server/compose/build-sync';
import { composeDown } from '../../server/compose/down';
import { loadPlan } from '../../server/compose/load-plan';
import { printLogs } from '../../server/compose/logs';
import type { ComposePlan } from '../../server/compose/plan';
import { psRows } from '../../server/compose/ps';
import { fileStateStore, type StateStore } from '../../server/compose/state-store';
import { composeUp } from '../../server/compose/up';
import { createSshRunner } from '../../server/runners/ssh';
import { ConnectionPool } from '../../server/ssh/connection-pool';
import { fileManifestStore } from '../../server/sync/manifest-store';
import { startSshd, trustedKnownHosts, type Sshd } from '../helpers/sshd';

const STANDINS = new URL('../fixtures/compose/standin-bin/', import.meta.url).pathname;

let sshd: Sshd;
let pool: ConnectionPool;
let khDir: string;
let work: string;
let d: ComposeDom0;
let store: StateStore;

const composeText = (webArgs: string, dbPattern = 'ready') => `name: demo
networks:
  lan:
    bridge: onrbr0
    subnet: 10.77.0.0/24
services:
  web:
    kernel: ./web.xen
    networks: [lan]
    args: ["${webArgs}"]
    depends_on:
      db: { condition: service_healthy }
  db:
    kernel: ./db.xen
    networks:
      lan: { ipv4_address: 10.77.0.9 }
    healthcheck: { console: "${dbPattern}", interval: 100ms, retries: 20 }
`;

async function planFor(text: string, file = 'onramp-compose.yaml'): Promise<ComposePlan> {
  await writeFile(join(work, 'project', file), text);
  const loaded = await loadPlan(join(work, 'project', file), join(work, 'remote'));
  if (!loaded.ok) throw new Error(loaded.error.join('\n'));
  return loaded.value.plan;
}

/** Lines the stand-ins recorded since the last call. */
let seen = 0;
async function newArgv(): Promise<string[]> {
  const all = (await readFile(join(work, 'standin', 'argv.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}
const mutating = (lines: readonly string[]) =>
  lines.filter((l) => /^(xl (create|destroy)|ip (link (add|del)|addr))/.test(l));

beforeAll(async () => {
  sshd = await startSshd();
  const kh = await trustedKnownHosts(sshd);
  khDir = kh.dir;
  pool = new ConnectionPool({ knownHosts: kh });
  const target: Dom0Target = {
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { kind: 'key', path: sshd.keyPath },
  };
  work = await mkdtemp(join(tmpdir(), 'onramp-compose-'));
  for (const dir of ['standin', 'standin/console', 'bin', 'project', 'remote'])
    await mkdir(join(work, dir), { recursive: true });
  await cp(STANDINS, join(work, 'bin'), { recursive: true });
  for (const dir of [
    work,
    join(work, 'standin'),
    join(work, 'standin/console'),
    join(work, 'remote'),
    join(work, 'bin'),
  ])
    await chmod(dir, 0o777);
  await writeFile(join(work, 'project', 'db.xen'), 'db starting\ndb ready on 10.77.0.9\n');
  await writeFile(join(work, 'project', 'web.xen'), 'web starting\n');
  const runner = createSshRunner(pool, target);
  d = {
    runner,
    sync: buildSyncOver(pool, target, runner, fileManifestStore(join(work, 'manifests'))),
    root: false,
    env: { PATH: `${join(work, 'bin')}:/usr/bin:/bin`, ONRAMP_STANDIN_DIR: join(work, 'standin') },
    consoleDir: join(work, 'standin', 'console'),
  };
  store = fileStateStore({ ONRAMP_CONFIG_DIR: join(work, 'config') });
});

afterAll(async () => {
  await pool?.dispose();
  await sshd?.stop();
  if (khDir) await rm(khDir, { recursive: true, force: true });
  if (work) await rm(work, { recursive: true, force: true });
});

describe('compose up, ps, logs, down against a dom0 over SSH', () => {
  it('up: creates the bridge first, then db (waiting for its console) before web, and records it all', async () => {
    const plan = await planFor(composeText('--port=8080'));
    const lines: string[] = [];
    const report = await composeUp(d, plan, store, { onLine: (l) => lines.push(l) });
    expect(report).toMatchObject({ created: ['db', 'web'], recreated: [], kept: [], bridgesCreated: ['onrbr0'] });
    const ops = mutating(await newArgv());
    expect(ops).toEqual([
      'ip link add onrbr0 type bridge',
      'ip addr add 10.77.0.1/24 dev onrbr0',
      `xl create ${join(work, 'remote/demo/db.xl')}`,
      `xl create ${join(work, 'remote/demo/web.xl')}`,
    ]);
    expect(lines.some((l) => /^db: healthy after \d+\.\d s$/.test(l))).toBe(true);
    const xl = await readFile(join(work, 'remote/demo/web.xl'), 'utf8');
    expect(xl).toMatch(/^vif = \[ 'bridge=onrbr0,mac=00:16:3e(:[0-9a-f]{2}){3}' \]$/m);
    expect(xl).toContain("cmdline = '--ipv4=10.77.0.2/24 --ipv4-gateway=10.77.0.1 --port=8080'");
    expect(await readFile(join(work, 'remote/demo/db.xen'), 'utf8')).toBe('db starting\ndb ready on 10.77.0.9\n');
    const state = await store.load('demo');
    expect(state?.createdBridges).toEqual(['onrbr0']);
    expect(state?.order).toEqual(['db', 'web']);
    expect(state?.services.db?.health).toBe('healthy');
  });

  it('up again with the same file changes nothing', async () => {
    const report = await composeUp(d, await planFor(composeText('--port=8080')), store);
    expect(report).toMatchObject({ created: [], recreated: [], kept: ['db', 'web'], bridgesCreated: [] });
    expect(mutating(await newArgv())).toEqual([]);
  });

  it('a change to one service recreates only it', async () => {
    const report = await composeUp(d, await planFor(composeText('--port=9090')), store);
    expect(report).toMatchObject({ created: [], recreated: ['web'], kept: ['db'] });
    expect(mutating(await newArgv())).toEqual(['xl destroy demo-web', `xl create ${join(work, 'remote/demo/web.xl')}`]);
  });

  it('ps joins the record with xl list; logs prefix each console line with its service', async () => {
    const state = await store.load('demo');
    if (!state) throw new Error('no state after up');
    const rows = psRows(state, await listDomains(d), Date.now());
    expect(rows.map((r) => [r.service, r.domain, r.state, r.address, r.health])).toEqual([
      ['db', 'demo-db', 'blocked', '10.77.0.9', 'healthy'],
      ['web', 'demo-web', 'blocked', '10.77.0.2', 'none'],
    ]);
    let out = '';
    await printLogs(d, state, ['db', 'web'], (t) => (out += t));
    expect(out).toContain('db  | db ready on 10.77.0.9\n');
    expect(out).toContain('web | cmdline: --ipv4=10.77.0.2/24 --ipv4-gateway=10.77.0.1 --port=9090\n');
  });

  it('down works from the record alone: reverse order, created bridge removed, nothing left', async () => {
    await rm(join(work, 'project', 'onramp-compose.yaml'));
    const r = await composeDown(d, 'demo', store);
    expect(r).toEqual({ ok: true, value: { destroyed: ['web', 'db'], bridgesRemoved: ['onrbr0'] } });
    expect(mutating(await newArgv())).toEqual(['xl destroy demo-web', 'xl destroy demo-db', 'ip link del onrbr0']);
    expect((await listDomains(d)).map((x) => x.name)).toEqual(['Domain-0']);
    expect(await store.load('demo')).toBeNull();
    expect(await composeDown(d, 'demo', store)).toMatchObject({
      ok: false,
      error: expect.stringContaining('no record of a compose project "demo"'),
    });
  });

  it('down: a domain that ends by itself while xl destroy runs counts as destroyed (xl destroy exits 1)', async () => {
    await composeUp(d, await planFor(composeText('--port=8080')), store);
    await writeFile(join(work, 'standin', 'dying-demo-web'), '');
    expect(await composeDown(d, 'demo', store)).toEqual({
      ok: true,
      value: { destroyed: ['web', 'db'], bridgesRemoved: ['onrbr0'] },
    });
    await newArgv();
  });

  it('xl create that crashes (killed by SIGSEGV) is tried once more after what it left is destroyed', async () => {
    await composeDown(d, 'demo', store);
    await newArgv();
    await writeFile(join(work, 'standin', 'crash-create-demo-db'), '');
    const lines: string[] = [];
    const report = await composeUp(d, await planFor(composeText('--port=8080')), store, {
      onLine: (l) => lines.push(l),
    });
    expect(report.created).toEqual(['db', 'web']);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^db: xl create crashed \(killed by SIGSEGV after .*\); removing what it left of demo-db and trying once more$/,
      ),
    );
    const argv = await newArgv();
    const dbCreates = argv.filter((a) => a.startsWith('xl create') && a.endsWith('/db.xl'));
    expect(dbCreates).toHaveLength(2);
    expect(argv.indexOf('xl destroy demo-db')).toBeGreaterThan(argv.indexOf(dbCreates[0]!));
    expect(argv.indexOf('xl destroy demo-db')).toBeLessThan(argv.lastIndexOf(dbCreates[1]!));
    await composeDown(d, 'demo', store);
    await newArgv();
  });

  it('a bridge that already existed is used but never removed', async () => {
    await writeFile(join(work, 'standin', 'bridges', 'onrbr0'), '');
    const report = await composeUp(d, await planFor(composeText('--port=8080')), store);
    expect(report.bridgesCreated).toEqual([]);
    await composeDown(d, 'demo', store);
    const ops = mutating(await newArgv());
    expect(ops.filter((l) => l.startsWith('ip '))).toEqual([]);
    await rm(join(work, 'standin', 'bridges', 'onrbr0'));
  });

  it('a failed healthcheck stops up naming the service, the step and the console; the domain stays recorded for down', async () => {
    const plan = await planFor(composeText('--port=8080', 'never printed'));
    const failure = await composeUp(d, plan, store).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ComposeStepError);
    const err = failure as ComposeStepError;
    expect([err.service, err.step]).toEqual(['db', 'healthcheck']);
    expect(err.message).toMatch(
      /no console line matched \/never printed\/ after 20 tries 100 ms apart; the console ends with:\ndb starting\ndb ready on 10\.77\.0\.9\ncmdline: --ipv4=10\.77\.0\.9\/24/,
    );
    expect(mutating(await newArgv()).filter((l) => l.startsWith('xl create'))).toHaveLength(1);
    const state = await store.load('demo');
    expect(state?.services.db?.health).toBe('unhealthy');
    expect(await composeDown(d, 'demo', store)).toEqual({
      ok: true,
      value: { destroyed: ['db'], bridgesRemoved: ['onrbr0'] },
    });
  });

  it('a build: folder is copied to dom0, built with mirage configure -t xen, make depend, make build, and its kernel booted', async () => {
    await mkdir(join(work, 'project', 'app'), { recursive: true });
    await writeFile(join(work, 'project', 'app', 'config.ml'), '(* stand-in project *)\n');
    await writeFile(join(work, 'project', 'app', 'unikernel.ml'), 'app built from source\n');
    const plan = await planFor('name: built\nservices:\n  app:\n    build: ./app\n');
    const lines: string[] = [];
    const report = await composeUp(d, plan, store, { onLine: (l) => lines.push(l) });
    expect(report.created).toEqual(['app']);
    expect((await newArgv()).filter((l) => l.startsWith('mirage'))).toEqual(['mirage configure -t xen']);
    expect(await readFile(join(work, 'remote/built/app.xen'), 'utf8')).toBe('app built from source\n');
    expect(lines.some((l) => l.startsWith('app: building'))).toBe(true);
    expect((await d.runner.exec({ argv: ['cat', 'onramp-compose/built/app/built.log'] })).stdout).toBe('depend\n');
    expect(await composeDown(d, 'built', store)).toEqual({
      ok: true,
      value: { destroyed: ['app'], bridgesRemoved: [] },
    });
    expect((await d.runner.exec({ argv: ['test', '-e', 'onramp-compose/built'] })).exitCode).toBe(1);
  });

  it('a rebuild after one changed file sends that file; an up with nothing changed sends nothing', async () => {
    const app = join(work, 'project', 'app2');
    await mkdir(join(app, 'lib'), { recursive: true });
    await writeFile(join(app, 'config.ml'), '(* stand-in project *)\n');
    await writeFile(join(app, 'unikernel.ml'), 'first build\n');
    await writeFile(join(app, 'lib', 'util.ml'), 'let x = 1\n');
    await mkdir(join(app, '_build'), { recursive: true });
    await writeFile(join(app, '_build', 'junk'), 'never sent\n');
    const compose = (memory: number) => `name: rebuilt\nservices:\n  app:\n    build: ./app2\n    memory: ${memory}\n`;
    const up = async (memory: number) => {
      const lines: string[] = [];
      const report = await composeUp(d, await planFor(compose(memory)), store, { onLine: (l) => lines.push(l) });
      return { report, synced: lines.filter((l) => l.startsWith('app: synced')) };
    };
    const remote = (path: string) => d.runner.exec({ argv: ['cat', `onramp-compose/rebuilt/app/${path}`] });

    const first = await up(32);
    expect(first.report.created).toEqual(['app']);
    expect(first.synced).toHaveLength(1);
    expect(first.synced[0]).toMatch(/full copy: 4 entries sent/);
    expect((await remote('_build/junk')).exitCode).not.toBe(0);

    await writeFile(join(app, 'unikernel.ml'), 'second build, one file changed\n');
    const second = await up(32);
    expect(second.report.recreated).toEqual(['app']);
    expect(second.synced[0]).toMatch(/changes only: 1 entries sent \(\d+\.\d MB\), 0 removed/);
    expect(await readFile(join(work, 'remote/rebuilt/app.xen'), 'utf8')).toBe('second build, one file changed\n');
    expect((await remote('lib/util.ml')).stdout).toBe('let x = 1\n');

    const third = await up(32);
    expect(third.report).toMatchObject({ created: [], recreated: [], kept: ['app'] });
    expect(third.synced).toEqual([]);

    // A change outside the folder (memory) recreates the domain; the folder itself sends nothing.
    const fourth = await up(64);
    expect(fourth.report.recreated).toEqual(['app']);
    expect(fourth.synced[0]).toMatch(/nothing changed, nothing sent/);
    expect(await readFile(join(work, 'remote/rebuilt/app.xen'), 'utf8')).toBe('second build, one file changed\n');
    expect(await composeDown(d, 'rebuilt', store)).toEqual({
      ok: true,
      value: { destroyed: ['app'], bridgesRemoved: [] },
    });
  });

  it("xl create's own message reaches the error when the guest cannot attach", async () => {
    const plan = await planFor(composeText('--port=8080'));
    const broken = { ...plan, networks: [] };
    const failure = (await composeUp(d, broken, store).catch((e: unknown) => e)) as ComposeStepError;
    expect(failure.step).toBe('xl create');
    expect(failure.message).toContain('Could not find bridge device onrbr0');
    await store.remove('demo');
  });
});
