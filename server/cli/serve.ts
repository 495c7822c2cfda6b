// `onramp serve`: the companion server on 127.0.0.1, printing the one sign-in URL.
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { contentDirs, repoRoot } from '../../lib/content/content-dirs';
import { checkAppDir, startAppServer, StartError } from '../app-server';
import { createLocalRunner } from '../runners/local';
import { ExpiringSecrets } from '../runners/sudo-secrets';
import { rootServeWarning } from '../runners/sudo-host';
import { RunStore } from '../runs/run-store';
import { createCheckService } from '../checks/service';
import { CheckSecrets } from '../checks/check-secrets';
import { progressPath } from '../checks/progress';
import { detectSetupPath } from '../checks/setup-path';
import { loadRegistryInChild } from '../steps/load-registry';
import { hostRunnerProvider } from '../runners/runner-provider';
import { dom0Feature } from '../socket/dom0-handlers';
import { autopilotFeature } from '../socket/autopilot-handlers';
import { runCheck } from '../socket/check-handlers';
import type { OnrampIo } from '../socket/onramp-socket';
import { autopilotDeps } from '../autopilot/deps';
import { AutopilotService } from '../autopilot/executor';
import { Dom0Service } from '../ssh/dom0-service';
import { errorMessage, type Result } from '../../protocol/result';

export const DEFAULT_PORT = 7878;
/** How long a stop waits for canceled steps to end before closing anyway. */
const STOP_DEADLINE_MS = 5000;

export type PortSetting = Result<number>;

export function parsePort(raw: string | undefined): PortSetting {
  if (raw === undefined || raw.trim() === '') return { ok: true, value: DEFAULT_PORT };
  if (!/^[0-9]{1,5}$/.test(raw.trim()) || Number(raw) > 65535) {
    return {
      ok: false,
      error: `PORT=${JSON.stringify(raw)} is not a port: expected a number from 0 to 65535 (0 picks a free port)`,
    };
  }
  return { ok: true, value: Number(raw) };
}

export function appDirFrom(env: NodeJS.ProcessEnv): string {
  return env.ONRAMP_APP_DIR ? resolve(env.ONRAMP_APP_DIR) : join(repoRoot(), 'out');
}

async function serve(setExit: (code: number) => void): Promise<void> {
  const warning = rootServeWarning(process.getuid?.());
  if (warning) console.error(`onramp serve: ${warning}`);
  const port = parsePort(process.env.PORT);
  if (!port.ok) {
    console.error(`onramp serve: ${port.error}`);
    return setExit(1);
  }
  const appDir = appDirFrom(process.env);
  try {
    checkAppDir(appDir);
  } catch (err) {
    console.error(`onramp serve: ${errorMessage(err)}`);
    return setExit(1);
  }
  let registry;
  try {
    registry = await loadRegistryInChild(contentDirs());
  } catch (err) {
    console.error(`onramp serve: could not read the guide's content: ${errorMessage(err)}`);
    return setExit(1);
  }
  const runs = new RunStore();
  // One dom0 service (dom0.json and known_hosts in ONRAMP_CONFIG_DIR): its pooled connection serves steps, checks and shells.
  const dom0 = new Dom0Service();
  try {
    await dom0.getTarget();
  } catch (err) {
    console.error(`onramp serve: dom0 settings not loaded (${errorMessage(err)}); set them again on the Settings page`);
  }
  // This machine's sudo password, held in memory only (15 min), forgotten on Forget and on exit.
  const hostSecrets = new ExpiringSecrets();
  const runners = hostRunnerProvider(createLocalRunner({ secrets: hostSecrets }), () => dom0.currentRunner());
  const dom0Socket = dom0Feature(dom0);
  // A check that needs dom0's sudo password asks every tab (the chapter's check box, the dashboard).
  const checkSecrets = new CheckSecrets();
  // Verdicts survive a restart in progress.json; "run all" leaves out the other paths' checks
  // (the path chosen in the guide, else the one the machine store implies: read at each run).
  const checks = createCheckService(runners, {
    progressFile: progressPath(),
    path: detectSetupPath,
    askSecret: checkSecrets.ask,
  });
  // The autopilot's checks tell every tab their verdicts, as a clicked check does.
  let io: OnrampIo | undefined;
  const autopilot = new AutopilotService(
    autopilotDeps({
      registry,
      runs,
      runners,
      dom0,
      runCheck: (id) => (io ? runCheck(io, checks, id) : checks.run(id)),
    }),
  );
  const autopilotSocket = autopilotFeature(autopilot);
  let server;
  try {
    server = await startAppServer({
      appDir,
      registry,
      runs,
      runners,
      checks,
      checkSecrets,
      port: port.value,
      socketFeatures: [dom0Socket.feature, autopilotSocket.feature],
      forgetSecrets: (target) => (target === 'host' ? hostSecrets.deletePrefix('host|') : dom0.forgetSecrets()),
    });
  } catch (err) {
    await dom0.dispose();
    if (!(err instanceof StartError)) throw err;
    console.error(`onramp serve: ${err.message}`);
    return setExit(1);
  }
  io = server.io;
  console.log(`Onramp is running at ${server.url}`);

  const signal = await new Promise<NodeJS.Signals>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  console.error(`onramp serve: ${signal}: stopping runs and closing`);
  const ended = await Promise.race([
    autopilot
      .dispose()
      .then(() => runs.dispose())
      .then(() => true),
    new Promise<false>((r) => setTimeout(() => r(false), STOP_DEADLINE_MS).unref()),
  ]);
  if (!ended)
    console.error(
      `onramp serve: some steps did not end within ${STOP_DEADLINE_MS / 1000} s of being canceled; closing anyway`,
    );
  hostSecrets.clear();
  checkSecrets.close();
  dom0Socket.dispose();
  autopilotSocket.dispose();
  await dom0.dispose();
  await server.close();
  setExit(0);
}

export function registerServe(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('Serve the guide on http://127.0.0.1 and run its steps (PORT, ONRAMP_APP_DIR, ONRAMP_CONTENT_DIRS)')
    .action(() => serve(setExit));
}
