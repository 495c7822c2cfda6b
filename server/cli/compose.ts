// `onramp compose up|ps|logs|down|config`: a project of unikernels and bridges in a Xen dom0.
import type { Command } from 'commander';
import { DEFAULT_CONSOLE_DIR, listDomains, type ComposeDom0 } from '../compose/dom0-ops';
import { composeDown } from '../compose/down';
import { loadPlan } from '../compose/load-plan';
import { followLogs, printLogs, selectServices } from '../compose/logs';
import { psRows, psTable } from '../compose/ps';
import { resolvedConfig } from '../compose/resolved-config';
import { fileStateStore } from '../compose/state-store';
import { composeUp } from '../compose/up';
import { buildSyncOver } from '../compose/build-sync';
import { createSshRunner } from '../runners/ssh';
import { cliDom0Connection } from '../ssh/cli-dom0';
import { errorMessage, ok, type Result } from '../../protocol/result';

interface ComposeOptions {
  readonly file: string;
  readonly project?: string;
  readonly dom0?: string;
  readonly identity?: string;
}

const NOT_CONFIGURED =
  'dom0 is not configured: pass --dom0 USER@HOST --identity KEY (or register one with onramp machine create)';

async function withDom0(opts: ComposeOptions, body: (d: ComposeDom0) => Promise<number>): Promise<number> {
  const connected = await cliDom0Connection(opts, NOT_CONFIGURED);
  if (!connected.ok) {
    console.error(`onramp compose: ${connected.error}`);
    return 1;
  }
  const dom0 = connected.value;
  try {
    const runner = createSshRunner(dom0.pool, dom0.target);
    const uid = await runner.exec({ argv: ['id', '-u'] });
    const d: ComposeDom0 = {
      runner,
      root: uid.stdout.trim() !== '0',
      consoleDir: process.env.ONRAMP_XEN_CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR,
      sync: buildSyncOver(dom0.pool, dom0.target, runner),
    };
    return await body(d);
  } catch (err) {
    console.error(`onramp compose: ${errorMessage(err)}`);
    return 1;
  } finally {
    await dom0.pool.dispose();
  }
}

/** The project: -p, else the file's name: (so ps/logs/down work without the file given -p). */
async function projectOf(opts: ComposeOptions): Promise<Result<string>> {
  if (opts.project !== undefined) return ok(opts.project);
  const loaded = await loadPlan(opts.file);
  if (!loaded.ok)
    return { ok: false, error: `${loaded.error.join('\n')}\n(pass -p PROJECT to act on a project without its file)` };
  return ok(loaded.value.plan.project);
}

export function registerCompose(program: Command, setExit: (code: number) => void): void {
  const compose = program
    .command('compose')
    .description('Networked unikernels on Xen from one onramp-compose.yaml')
    .option('-f, --file <file>', 'the compose file', 'onramp-compose.yaml')
    .option('-p, --project <name>', 'the project name (default: name: in the file)')
    .option('--dom0 <target>', 'dom0 as USER@HOST[:PORT] or a ~/.ssh/config alias (default: the saved dom0)')
    .option('--identity <key>', 'private key for --dom0');
  const opts = () => compose.opts<ComposeOptions>();
  const store = fileStateStore();

  compose
    .command('config')
    .description('print the resolved file (addresses, MACs, order), or its errors')
    .action(async () => {
      const loaded = await loadPlan(opts().file);
      if (!loaded.ok) {
        console.error(loaded.error.join('\n'));
        return setExit(1);
      }
      process.stdout.write(resolvedConfig(loaded.value.plan));
    });

  compose
    .command('up')
    .description('create bridges and domains (only what is missing or changed), then follow the logs')
    .option('-d, --detach', 'return once everything is up instead of following the logs')
    .action(async (sub: { detach?: boolean }) => {
      const loaded = await loadPlan(opts().file);
      if (!loaded.ok) {
        console.error(loaded.error.join('\n'));
        return setExit(1);
      }
      const plan = loaded.value.plan;
      setExit(
        await withDom0(opts(), async (d) => {
          const report = await composeUp(d, plan, store, { file: loaded.value.path, onLine: (l) => console.log(l) });
          console.log(
            `up: ${report.created.length} created, ${report.recreated.length} recreated, ${report.kept.length} unchanged, ${report.removed.length} removed`,
          );
          if (sub.detach) return 0;
          const state = await store.load(plan.project);
          if (state) await follow(d, state.order, state);
          return 0;
        }),
      );
    });

  compose
    .command('ps')
    .description('the domains of the project: state, address, health, uptime')
    .action(async () => {
      const named = await projectOf(opts());
      if (!named.ok) return (console.error(named.error), setExit(1));
      const project = named.value;
      const state = await store.load(project);
      if (!state)
        return (console.error(`no record of a compose project "${project}": run onramp compose up first`), setExit(1));
      setExit(
        await withDom0(opts(), async (d) => (console.log(psTable(psRows(state, await listDomains(d), Date.now()))), 0)),
      );
    });

  compose
    .command('logs [service]')
    .description("each service's console, prefixed with its name")
    .option('-f, --follow', 'keep following the consoles (Ctrl-C to stop)')
    .action(async (service: string | undefined, sub: { follow?: boolean }) => {
      const named = await projectOf(opts());
      if (!named.ok) return (console.error(named.error), setExit(1));
      const project = named.value;
      const state = await store.load(project);
      if (!state)
        return (console.error(`no record of a compose project "${project}": run onramp compose up first`), setExit(1));
      const selected = selectServices(state, service);
      if (!selected.ok) return (console.error(selected.error), setExit(1));
      const services = selected.value;
      setExit(
        await withDom0(opts(), async (d) => {
          if (sub.follow) await follow(d, services, state);
          else await printLogs(d, state, services, (t) => process.stdout.write(t));
          return 0;
        }),
      );
    });

  compose
    .command('down')
    .description('destroy the domains (reverse order) and remove the bridges up created; works from the record')
    .action(async () => {
      const named = await projectOf(opts());
      if (!named.ok) return (console.error(named.error), setExit(1));
      const project = named.value;
      setExit(
        await withDom0(opts(), async (d) => {
          const r = await composeDown(d, project, store, (l) => console.log(l));
          if (!r.ok) return (console.error(`onramp compose: ${r.error}`), 1);
          console.log(`down: ${r.value.destroyed.length} destroyed, ${r.value.bridgesRemoved.length} bridges removed`);
          return 0;
        }),
      );
    });
}

async function follow(
  d: ComposeDom0,
  services: readonly string[],
  state: NonNullable<Awaited<ReturnType<ReturnType<typeof fileStateStore>['load']>>>,
): Promise<void> {
  const followers = await followLogs(d, state, services, (t) => process.stdout.write(t));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => {
      for (const f of followers) f.cancel();
      resolve();
    });
  });
}
