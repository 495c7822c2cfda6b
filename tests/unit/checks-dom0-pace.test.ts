// dom0 checks' deadlines follow dom0's measured speed (server/checks/dom0-pace.ts): the pure rule,
// and the check service measuring once and giving a slow dom0's check the time it needs.
import { describe, expect, it } from 'vitest';
import { PACE_CEILING_MS, paceBudget } from '../../server/checks/dom0-pace';
import { createCheckService } from '../../server/checks/service';
import type { CheckMeta } from '../../protocol/check-catalog';
import type { CheckDefinition } from '../../server/checks/types';
import type { ExecOutput, ExecRequest, TargetRunner } from '../../server/runners/types';
import { execOutput } from '../fixtures/tools/load';

describe('paceBudget', () => {
  it('keeps the check’s own deadline when nothing was measured', () => {
    expect(paceBudget(10_000, undefined)).toEqual({ ms: 10_000 });
    expect(paceBudget(10_000, Number.NaN)).toEqual({ ms: 10_000 });
    expect(paceBudget(10_000, 0)).toEqual({ ms: 10_000 });
  });

  it('adds ten times the probe, and says so', () => {
    // real hardware: a bare command in ~20 ms leaves 10 s at 10.2 s
    expect(paceBudget(10_000, 20)).toEqual({
      ms: 10_200,
      why: "set from this dom0's speed: a bare command took 0.0 s",
    });
    // the TCG lab at load ~18: a bare command in 3.5 s
    expect(paceBudget(10_000, 3_500)).toEqual({
      ms: 45_000,
      why: "set from this dom0's speed: a bare command took 3.5 s",
    });
  });

  it('stops at the ceiling, unless the check’s own deadline is longer', () => {
    expect(paceBudget(10_000, 60_000).ms).toBe(PACE_CEILING_MS);
    expect(paceBudget(600_000, 60_000)).toEqual({ ms: 600_000 });
  });
});

/** A dom0 where every command (the probe `true` included) takes `ms`, honouring the abort signal. */
function slowDom0(ms: number, seen: string[]): TargetRunner {
  return {
    kind: 'dom0',
    exec: (req: ExecRequest) =>
      new Promise<ExecOutput>((resolve) => {
        seen.push(req.argv.join(' '));
        const t = setTimeout(() => resolve(execOutput({ stdout: 'ok' })), ms);
        req.signal?.addEventListener('abort', () => {
          clearTimeout(t);
          resolve({ ...execOutput({ exitCode: null }), canceled: true });
        });
      }),
    spawnPty: () => Promise.reject(new Error('not used')),
  };
}

const catalog: Record<string, CheckMeta> = {
  'xen-info': { title: 'xl info', stage: 'dom0', target: 'dom0', requires: [], required: true, chapter: 'xen' },
  'xen-more': { title: 'xl more', stage: 'dom0', target: 'dom0', requires: [], required: true, chapter: 'xen' },
  local: { title: 'local', stage: 'host', target: 'host', requires: [], required: true, chapter: 'opam' },
};
/** Two commands, each as slow as the probe: 2 × 60 ms against an own deadline of 100 ms. */
const twoCommands = (id: string): CheckDefinition => ({
  id: id as CheckDefinition['id'],
  timeoutMs: 100,
  async run(ctx) {
    await ctx.exec({ argv: ['sudo', 'xl', 'info'] });
    const out = await ctx.exec({ argv: ['sudo', 'xl', 'list'] });
    return out.exitCode === 0 ? { status: 'passed', found: id } : { status: 'error', reason: 'cut short' };
  },
});
const definitions = Object.fromEntries(Object.keys(catalog).map((id) => [id, twoCommands(id)]));

describe('the check service and a slow dom0', () => {
  it('a check that needs longer than its own deadline passes on a dom0 measured as slow; one probe serves both', async () => {
    const seen: string[] = [];
    const dom0 = slowDom0(60, seen);
    const host = slowDom0(60, []);
    const service = createCheckService(async (t) => ({ ok: true, value: t === 'dom0' ? dom0 : host }), {
      catalog,
      definitions,
      progressFile: null,
      concurrency: 1,
    });
    const results: Record<string, unknown> = {};
    await service.runAll(undefined, (id, v) => {
      results[id] = v;
    });
    expect(results['xen-info']).toEqual({ status: 'passed', found: 'xen-info' });
    expect(results['xen-more']).toEqual({ status: 'passed', found: 'xen-more' });
    expect(seen.filter((c) => c === 'true')).toHaveLength(1);
    // the host is not probed: its check keeps 100 ms and is cut short, named with no derived figure
    expect(results.local).toMatchObject({ status: 'error' });
    expect(JSON.stringify(results.local)).toContain('did not finish within 0.1 s: still waiting for `sudo xl list`');
  });

  it('a timeout on a dom0 deadline derived from the probe says where it came from', async () => {
    const seen: string[] = [];
    const dom0 = slowDom0(60, seen);
    const stuck: CheckDefinition = {
      id: 'xen-info' as CheckDefinition['id'],
      timeoutMs: 100,
      async run(ctx) {
        await ctx.exec({ argv: ['sleep', 'forever'], timeoutMs: 60_000 });
        await new Promise(() => undefined);
        return { status: 'passed', found: '' };
      },
    };
    const service = createCheckService(async () => ({ ok: true, value: dom0 }), {
      catalog: { 'xen-info': catalog['xen-info']! },
      definitions: { 'xen-info': stuck },
      progressFile: null,
    });
    const v = await service.run('xen-info');
    expect(v.status).toBe('error');
    expect(JSON.stringify(v)).toMatch(
      /did not finish within 0\.[67] s \(set from this dom0's speed: a bare command took 0\.1 s\): still waiting for the check to go on after `sleep forever` returned/,
    );
  });
});
