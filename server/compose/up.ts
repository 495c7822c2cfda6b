// `onramp compose up`: bridges first, then each service in dependency order (kernel, .xl,
// xl create, health), recording every step in the state file as soon as it is done.
import {
  bridgeExists,
  ComposeStepError,
  consoleLogPath,
  destroyDomain,
  listDomains,
  must,
  run,
  stepError,
  writeRemoteFile,
  type ComposeDom0,
} from './dom0-ops';
import type { ExecOutput } from '../runners/types';
import { waitHealthy } from './health';
import { installKernel } from './kernels';
import type { ComposePlan, PlannedService } from './plan';
import { emptyState, type ComposeState, type StateStore } from './state-store';
import { upActions } from './up-actions';

export interface UpReport {
  readonly created: readonly string[];
  readonly recreated: readonly string[];
  readonly kept: readonly string[];
  readonly removed: readonly string[];
  readonly bridgesCreated: readonly string[];
}

export interface UpOptions {
  readonly file?: string;
  readonly onLine?: (line: string) => void;
}

export async function composeUp(
  d: ComposeDom0,
  plan: ComposePlan,
  store: StateStore,
  opts: UpOptions = {},
): Promise<UpReport> {
  const say = opts.onLine ?? (() => {});
  let state: ComposeState = (await store.load(plan.project)) ?? emptyState(plan.project, plan.remoteDir);
  if (opts.file !== undefined) state = { ...state, file: opts.file };
  const save = async (next: ComposeState) => {
    state = next;
    await store.save(state);
  };
  const bridgesCreated: string[] = [];
  for (const net of plan.networks) {
    if (await bridgeExists(d, net.bridge)) continue;
    await must(d, `network ${net.network}`, `creating bridge ${net.bridge}`, [
      'ip',
      'link',
      'add',
      net.bridge,
      'type',
      'bridge',
    ]);
    bridgesCreated.push(net.bridge);
    await save({ ...state, createdBridges: [...new Set([...state.createdBridges, net.bridge])] });
    const prefix = net.subnet.split('/')[1] ?? '24';
    await must(d, `network ${net.network}`, `giving bridge ${net.bridge} the gateway address`, [
      'ip',
      'addr',
      'add',
      `${net.gateway}/${prefix}`,
      'dev',
      net.bridge,
    ]);
    await must(d, `network ${net.network}`, `bringing bridge ${net.bridge} up`, [
      'ip',
      'link',
      'set',
      net.bridge,
      'up',
    ]);
    say(`network ${net.network}: created bridge ${net.bridge} (${net.gateway}/${prefix} in dom0)`);
  }
  const running = new Set((await listDomains(d)).map((x) => x.name));
  const actions = upActions(plan, state, running);
  const removed: string[] = [];
  for (const orphan of actions.orphans) {
    const rec = state.services[orphan];
    if (rec && running.has(rec.domain)) await destroyDomain(d, orphan, rec.domain);
    const { [orphan]: _gone, ...rest } = state.services;
    await save({ ...state, services: rest, order: state.order.filter((n) => n !== orphan) });
    removed.push(orphan);
    say(`${orphan}: removed (no longer in the file)`);
  }
  const created: string[] = [];
  const recreated: string[] = [];
  const kept: string[] = [];
  for (const action of actions.services) {
    const s = plan.services.find((x) => x.service === action.service) as PlannedService;
    if (action.action === 'keep') {
      kept.push(s.service);
      say(`${s.service}: unchanged (${s.domain})`);
      continue;
    }
    say(`${s.service}: ${action.action === 'create' ? 'creating' : 'recreating'} ${s.domain} (${action.why})`);
    if (action.action === 'recreate') await destroyDomain(d, s.service, s.domain);
    await installKernel(d, s, say);
    await writeRemoteFile(d, s.service, s.remoteXl, s.xl);
    await run(d, ['rm', '-f', consoleLogPath(d, s.domain)]);
    await createDomain(d, s, say);
    const record = {
      domain: s.domain,
      hash: s.hash,
      addresses: s.vifs.map((v) => v.ipv4),
      createdAt: new Date().toISOString(),
      health: s.healthcheck ? ('unhealthy' as const) : ('none' as const),
      consoleLog: consoleLogPath(d, s.domain),
    };
    await save({
      ...state,
      order: orderWith(state.order, plan, s.service),
      services: { ...state.services, [s.service]: record },
    });
    (action.action === 'create' ? created : recreated).push(s.service);
    if (s.healthcheck) {
      const outcome = await waitHealthy(d, s, s.healthcheck);
      if (!outcome.healthy) throw new ComposeStepError(s.service, 'healthcheck', outcome.reason);
      await save({ ...state, services: { ...state.services, [s.service]: { ...record, health: 'healthy' } } });
      say(`${s.service}: healthy after ${(outcome.afterMs / 1000).toFixed(1)} s`);
    }
  }
  return { created, recreated, kept, removed, bridgesCreated };
}

/** Signals of a program that crashed (rather than one stopped from outside). */
const CRASH_SIGNALS: ReadonlySet<string> = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGABRT']);

/**
 * True when `out` is xl itself crashing, not xl refusing: it died of a crash signal with its exit
 * status delivered. Seen once in the lab's emulated dom0 (`xl create` of a Linux guest killed by
 * SIGSEGV 10 s in, after "Parsing config"); the same create then worked.
 */
function crashed(out: ExecOutput): boolean {
  return out.error === undefined && out.exitCode !== 0 && out.signal !== null && CRASH_SIGNALS.has(out.signal);
}

/** The names in xl list; none when it cannot be read (the caller decides from a name's absence). */
async function domainNames(d: ComposeDom0): Promise<string[]> {
  return listDomains(d)
    .then((l) => l.map((x) => x.name))
    .catch((): string[] => []);
}

/**
 * `xl create`, tried once more when xl crashed (what it left destroyed first), and surviving a
 * dropped SSH link: a busy dom0 (guests booting under nested virtualisation) can lose the
 * connection while xl runs, so the domain's presence decides.
 */
async function createDomain(d: ComposeDom0, s: PlannedService, say: (line: string) => void): Promise<void> {
  const argv = ['xl', 'create', s.remoteXl];
  let out = await run(d, argv, { timeoutMs: 300_000 });
  if (crashed(out)) {
    say(`${s.service}: xl create crashed (${out.message}); removing what it left of ${s.domain} and trying once more`);
    if ((await domainNames(d)).includes(s.domain)) await destroyDomain(d, s.service, s.domain);
    out = await run(d, argv, { timeoutMs: 300_000 });
  }
  if (out.exitCode === 0) return;
  if (out.error === undefined) throw stepError(s.service, 'xl create', argv, out);
  for (let attempt = 0; attempt < 12; attempt++) {
    if ((await domainNames(d)).includes(s.domain)) {
      say(`${s.service}: the SSH link dropped during xl create (${out.message}), but ${s.domain} is running`);
      return;
    }
    await new Promise((r) => setTimeout(r, 5000));
  }
  throw new ComposeStepError(
    s.service,
    'xl create',
    `\`${argv.join(' ')}\` ${out.message}; ${s.domain} is not in xl list a minute later`,
  );
}

/** The recorded creation order with this service placed as the plan orders it. */
function orderWith(order: readonly string[], plan: ComposePlan, service: string): string[] {
  const names = new Set([...order, service]);
  const planned = plan.services.map((s) => s.service).filter((n) => names.has(n));
  return [...planned, ...order.filter((n) => !planned.includes(n))];
}
