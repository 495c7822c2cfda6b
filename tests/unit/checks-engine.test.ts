import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS, type CheckMeta } from '../../protocol/check-catalog';
import type { Verdict } from '../../protocol/verdict';
import { runGraph, validateGraph, withPrerequisites, type Graph } from '../../server/checks/engine';
import { CHECK_DEFINITIONS } from '../../server/checks/defs/index';
import { createCheckService, noRunnerFix, selectChecks } from '../../server/checks/service';
import { chapterProgress, progressBody, readProgress } from '../../server/checks/progress';
import { setupPathOf } from '../../server/checks/setup-path';
import type { CheckDefinition } from '../../server/checks/types';
import type { ExecOutput, ExecRequest, TargetRunner } from '../../server/runners/types';
import { execOutput } from '../fixtures/tools/load';
import { err, ok } from '../../protocol/result';

const PASS: Verdict = { status: 'passed', found: 'ok' };
const FAIL: Verdict = {
  status: 'failed',
  reason: 'broken',
  found: 'x',
  expected: 'y',
  fix: { summary: 's', commands: [], link: '/guide/troubleshooting#x' },
};

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the catalogue', () => {
  it('is acyclic, names only known prerequisites, and every id has a definition', () => {
    expect(() => validateGraph(CHECKS)).not.toThrow();
    expect(Object.keys(CHECK_DEFINITIONS).sort()).toEqual(Object.keys(CHECKS).sort());
    for (const [id, def] of Object.entries(CHECK_DEFINITIONS)) expect(def.id).toBe(id);
  });

  it('"run all" leaves the unikernel boot out; its stage runs it after its prerequisites', () => {
    expect(selectChecks(CHECKS, undefined)).not.toContain('unikernel-boot');
    const unikernel = selectChecks(CHECKS, 'unikernel');
    expect(unikernel.at(-1)).toBe('unikernel-boot');
    expect(unikernel.indexOf('dom0-reachable')).toBeLessThan(unikernel.indexOf('xen-running'));
    expect(unikernel).toContain('xl-vif-bridge');
  });

  it('on the QEMU path "run all" leaves the VirtualBox checks out; naming their stage still runs them', () => {
    const qemu = selectChecks(CHECKS, undefined, 'qemu');
    expect(qemu.filter((id) => /^(virtualbox|hostonly|dom0-vm)/.test(id))).toEqual([]);
    expect(qemu).toContain('dom0-reachable');
    expect(selectChecks(CHECKS, undefined, 'virtualbox')).toContain('dom0-vm-nested');
    expect(selectChecks(CHECKS, 'virtualbox', 'qemu')).toEqual([
      'virtualbox-version',
      'hostonly-network',
      'hostonly-clash',
      'hostonly-dhcp-off',
    ]);
  });

  it('the setup path comes from the machine store', () => {
    const machine = {
      name: 'dom0',
      dir: '/x',
      imageKey: 'k',
      sshPort: 2222,
      sshUser: 'onramp',
      hostKey: 'ssh-ed25519 AAAA',
      readySnapshot: true,
      createdAt: '2026-11-25T18:00:00Z',
    };
    // No machine implies no path (resolveSetupPath then defaults to VirtualBox: setup-path.test.ts).
    expect(setupPathOf([])).toBeUndefined();
    expect(setupPathOf([{ ...machine, driver: 'qemu' }])).toBe('qemu');
    expect(setupPathOf([{ ...machine, driver: 'generic' }])).toBe('generic');
    expect(setupPathOf([{ ...machine, driver: 'virtualbox' }])).toBe('virtualbox');
  });

  it('an unknown stage is refused with the list', () => {
    expect(() => selectChecks(CHECKS, 'kernel')).toThrow(
      'unknown stage "kernel": expected one of host, opam, ocaml, mirage, hello-unix, virtualbox, dom0-vm, dom0, xen, unikernel',
    );
  });
});

describe('graph validation', () => {
  it('names a cycle', () => {
    const graph: Graph = { a: { requires: ['c'] }, b: { requires: ['a'] }, c: { requires: ['b'] } };
    expect(() => validateGraph(graph)).toThrow(
      'check catalogue: the requirements form a cycle: a → c → b → a; remove one of these requires',
    );
  });

  it('names an unknown prerequisite', () => {
    expect(() => validateGraph({ a: { requires: ['ghost'] } })).toThrow(
      'check catalogue: "a" requires "ghost", which is not a check',
    );
  });

  it('orders prerequisites first', () => {
    const graph: Graph = {
      a: { requires: [] },
      b: { requires: ['a'] },
      c: { requires: ['b', 'a'] },
      d: { requires: [] },
    };
    expect(withPrerequisites(graph, ['c', 'd'])).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('runGraph', () => {
  it('runs independent checks in parallel up to the limit, dependents after their prerequisites', async () => {
    const graph: Graph = { a: { requires: [] }, b: { requires: [] }, c: { requires: [] }, d: { requires: ['a', 'b'] } };
    const gates = new Map(['a', 'b', 'c', 'd'].map((id) => [id, deferred<Verdict>()]));
    const started: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const finished: string[] = [];
    const done = runGraph(graph, ['a', 'b', 'c', 'd'], {
      concurrency: 2,
      run: async (id) => {
        started.push(id);
        maxRunning = Math.max(maxRunning, ++running);
        const v = await gates.get(id)!.promise;
        running--;
        return v;
      },
      onResult: (id) => finished.push(id),
    });
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    gates.get('b')!.resolve(PASS);
    await expect.poll(() => started).toEqual(['a', 'b', 'c']);
    gates.get('c')!.resolve(PASS);
    gates.get('a')!.resolve(PASS);
    await expect.poll(() => started).toEqual(['a', 'b', 'c', 'd']);
    gates.get('d')!.resolve(PASS);
    const results = await done;
    expect(maxRunning).toBe(2);
    expect(finished).toEqual(['b', 'c', 'a', 'd']);
    expect([...results.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('skips dependents of a failure, transitively, naming the one real blocker; a warning counts as met', async () => {
    const graph: Graph = {
      a: { requires: [] },
      b: { requires: ['a'] },
      c: { requires: ['b'] },
      w: { requires: [] },
      x: { requires: ['w'] },
    };
    const ran: string[] = [];
    const verdicts: Record<string, Verdict> = {
      a: FAIL,
      w: { status: 'warning', reason: 'dev build', found: 'f', expected: 'e', fix: FAIL.fix },
      x: PASS,
    };
    const results = await runGraph(graph, withPrerequisites(graph, ['c', 'x']), {
      concurrency: 4,
      run: async (id) => {
        ran.push(id);
        return verdicts[id] ?? PASS;
      },
      describe: (id) => `title of ${id}`,
    });
    expect(ran.sort()).toEqual(['a', 'w', 'x']);
    expect(results.get('b')).toEqual({
      status: 'skipped',
      reason: 'blocked by "title of a" (a), which failed: broken',
      prerequisite: 'a',
    });
    // c waits on b, which was skipped for a: c names a, the one real blocker, not the chain through b.
    expect(results.get('c')).toEqual({
      status: 'skipped',
      reason: 'blocked by "title of a" (a), which failed: broken',
      prerequisite: 'a',
    });
    expect(results.get('x')).toEqual(PASS);
  });

  it('a check that throws becomes an error verdict and the run goes on', async () => {
    const results = await runGraph({ a: { requires: [] }, b: { requires: [] } }, ['a', 'b'], {
      concurrency: 1,
      run: async (id) => {
        if (id === 'a') throw new Error('boom');
        return PASS;
      },
    });
    expect(results.get('a')).toEqual({ status: 'error', reason: 'the check crashed: boom' });
    expect(results.get('b')).toEqual(PASS);
  });
});

describe('the check service', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  const catalog: Record<string, CheckMeta> = {
    'h-one': { title: 'Host one', stage: 'host', target: 'host', requires: [], required: true, chapter: 'alpha' },
    'h-two': {
      title: 'Host two',
      stage: 'host',
      target: 'host',
      requires: ['h-one'],
      required: true,
      chapter: 'alpha',
    },
    'd-one': { title: 'Dom0 one', stage: 'dom0', target: 'dom0', requires: [], required: true, chapter: 'beta' },
    'd-two': { title: 'Dom0 two', stage: 'dom0', target: 'dom0', requires: ['d-one'], required: true, chapter: 'beta' },
    boot: {
      title: 'Boot',
      stage: 'unikernel',
      target: 'dom0',
      requires: ['d-two'],
      required: true,
      chapter: 'beta',
      action: true,
    },
  };
  const echoDef = (id: string): CheckDefinition => ({
    id: id as CheckDefinition['id'],
    async run(ctx) {
      const out = await ctx.exec({ argv: ['echo', id] });
      return { status: 'passed', found: out.stdout.trim() };
    },
  });
  const definitions = Object.fromEntries(Object.keys(catalog).map((id) => [id, echoDef(id)]));
  const fakeRunner = (kind: 'host' | 'dom0', seen: ExecRequest[] = []): TargetRunner => ({
    kind,
    exec: async (req) => {
      seen.push(req);
      return execOutput({ stdout: `${kind}:${req.argv.slice(1).join(' ')}\n` });
    },
    spawnPty: () => Promise.reject(new Error('not used')),
  });

  it('an unconfigured dom0 is an error for its checks and skips their dependents; host checks pass', async () => {
    const service = createCheckService((t) => (t === 'host' ? ok(fakeRunner('host')) : err('dom0 is not configured')), {
      catalog,
      definitions,
      progressFile: null,
    });
    const got: Record<string, Verdict> = {};
    await service.runAll(undefined, (id, v) => (got[id] = v));
    expect(Object.keys(got).sort()).toEqual(['d-one', 'd-two', 'h-one', 'h-two']);
    expect(got['h-two']).toEqual({ status: 'passed', found: 'host:h-two' });
    expect(got['d-one']?.status === 'error' && got['d-one'].reason).toBe('dom0 is not configured');
    expect(got['d-two']?.status).toBe('skipped');
  });

  it('an async runner lookup that fails gives its message as the error', async () => {
    const service = createCheckService(
      async (t) =>
        t === 'host'
          ? ok(fakeRunner('host'))
          : Promise.reject(new Error('no dom0 target is set: choose one in Onramp')),
      { catalog, definitions, progressFile: null },
    );
    expect(await service.run('d-one')).toEqual({
      status: 'error',
      reason: 'no dom0 target is set: choose one in Onramp',
      fix: {
        summary:
          'Connect Onramp to dom0: set its address, user and key on the Settings page (/settings), or pass --dom0 USER@HOST --identity KEY to onramp doctor.',
        commands: [],
        link: '/guide/troubleshooting#dom0-not-configured',
      },
    });
    expect(await service.run('h-one')).toEqual({ status: 'passed', found: 'host:h-one' });
  });

  it("with no dom0, the fix is the reader's path's way to create and register it", async () => {
    const noDom0 = (t: 'host' | 'dom0') =>
      t === 'host' ? ok(fakeRunner('host')) : { ok: false as const, error: 'no dom0 target is set' };
    const qemu = createCheckService(noDom0, { catalog, definitions, progressFile: null, path: async () => 'qemu' });
    expect(await qemu.run('d-one')).toMatchObject({
      status: 'error',
      fix: {
        commands: ['onramp machine create --driver qemu dom0'],
        link: '/guide/troubleshooting#dom0-not-configured',
      },
    });
    expect(noRunnerFix('dom0', 'virtualbox').commands).toEqual(['onramp machine create --driver virtualbox dom0']);
    expect(noRunnerFix('dom0', 'virtualbox').summary).toMatch(/Settings page/);
    expect(noRunnerFix('dom0', 'generic')).toMatchObject({ commands: [] });
    expect(noRunnerFix('dom0', 'generic').summary).toMatch(/--driver generic --ssh USER@HOST/);
    expect(noRunnerFix('dom0', undefined).summary).toMatch(/pass --dom0 USER@HOST --identity KEY to onramp doctor/);
  });

  it('run(id) runs its prerequisites first and reports them', async () => {
    const seen: ExecRequest[] = [];
    const service = createCheckService(() => ok(fakeRunner('dom0', seen)), {
      catalog,
      definitions,
      progressFile: null,
    });
    const reported: string[] = [];
    const started: string[] = [];
    const v = await service.run(
      'boot',
      (id) => reported.push(id),
      (id) => started.push(id),
    );
    expect(started).toEqual(['d-one', 'd-two', 'boot']);
    expect(v).toEqual({ status: 'passed', found: 'dom0:boot' });
    // one pace probe (`true`) before the first dom0 check, shared by the rest (dom0-pace.ts)
    expect(seen.map((r) => r.argv.join(' '))).toEqual(['true', 'echo d-one', 'echo d-two', 'echo boot']);
    expect(reported).toEqual(['d-one', 'd-two', 'boot']);
    await expect(service.run('nope')).rejects.toThrow('unknown check "nope": it is not in protocol/check-catalog.ts');
  });

  it('a check past its deadline is an error, and its command is aborted', async () => {
    let aborted = false;
    const hanging: TargetRunner = {
      kind: 'host',
      exec: (req) =>
        new Promise<ExecOutput>((resolve) => {
          req.signal?.addEventListener('abort', () => {
            aborted = true;
            resolve(execOutput({ exitCode: null }));
          });
        }),
      spawnPty: () => Promise.reject(new Error('not used')),
    };
    const slow = { ...definitions, 'h-one': { ...echoDef('h-one'), timeoutMs: 50 } };
    const service = createCheckService(() => ok(hanging), { catalog, definitions: slow, progressFile: null });
    const v = await service.run('h-one');
    expect(v.status === 'error' && v.reason).toBe(
      'the check did not finish within 0.05 s: still waiting for `echo h-one` after 0 s',
    );
    expect(aborted).toBe(true);
  });

  it('stores the latest verdicts in progress.json and turns them into chapter ticks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onramp-progress-'));
    dirs.push(dir);
    const file = join(dir, 'progress.json');
    const service = createCheckService((t) => (t === 'host' ? ok(fakeRunner('host')) : err('dom0 is not configured')), {
      catalog,
      definitions,
      progressFile: file,
    });
    await service.runAll('host', () => {});
    const stored = await readProgress(file);
    expect(Object.keys(stored.checks).sort()).toEqual(['h-one', 'h-two']);
    expect(stored.checks['h-one']?.verdict).toEqual({ status: 'passed', found: 'host:h-one' });
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(1);
    const verdicts = Object.fromEntries(Object.entries(stored.checks).map(([id, e]) => [id, e.verdict]));
    expect(chapterProgress(verdicts, catalog)).toEqual({ alpha: 'done', beta: 'none' });
    expect(chapterProgress({ ...verdicts, 'd-one': PASS, 'd-two': FAIL }, catalog)).toEqual({
      alpha: 'done',
      beta: 'partial',
    });
    const body = await progressBody(file);
    expect(body.chapters.opam).toBe('none');
    expect(Object.keys(body.chapters)).toContain('boot');
    expect(await progressBody(join(dir, 'absent.json'))).toEqual({ chapters: chapterProgress({}) });
  });

  it('a cycle in the catalogue stops the service from starting', () => {
    const cyclic = { ...catalog, 'h-one': { ...catalog['h-one']!, requires: ['h-two'] } };
    expect(() =>
      createCheckService(() => ok(fakeRunner('host')), { catalog: cyclic, definitions, progressFile: null }),
    ).toThrow('the requirements form a cycle: h-one → h-two → h-one');
  });
});
