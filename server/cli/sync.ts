// `onramp sync SOURCE DEST`: copy a project folder from this machine into dom0 over the one SSH
// connection (a tar stream); a re-sync sends only what changed. Progress goes to stderr.
import { InvalidArgumentError, type Command } from 'commander';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { cliDom0Connection } from '../ssh/cli-dom0';
import {
  PROJECT_EXCLUDES as DEFAULT_EXCLUDES,
  syncFolder,
  type SyncPhases,
  type SyncProgress,
} from '../sync/sync-folder';
import type { ConnectTimings } from '../ssh/open-connection';
import { IN_FLIGHT_DEFAULT } from '../sync/paced-send';
import { errorMessage } from '../../protocol/result';

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function progressLine(p: SyncProgress): string {
  const pct = p.totalBytes > 0 ? Math.min(100, Math.floor((p.sentBytes / p.totalBytes) * 100)) : 100;
  return `sync: ${mb(p.sentBytes)} of ${mb(p.totalBytes)} (${pct}%)`;
}

interface SyncOptions {
  readonly dom0?: string;
  readonly identity?: string;
  readonly full?: boolean;
  readonly exclude: string[];
  readonly includeAll?: boolean;
  readonly timings?: boolean;
  readonly inFlightKb?: number;
}

/** `--in-flight-kb`: a whole number of KB, 0 or more; throws commander's usage error otherwise. */
export function inFlightKb(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`expected a whole number of KB (0 or more), got "${value}"`);
  return n;
}

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One line saying where a sync's time went: the connection (key exchange, login, cipher) and each phase. */
export function phasesLine(connect: ConnectTimings | undefined, p: SyncPhases): string {
  const conn = connect
    ? `connect: key exchange ${sec(connect.kexMs)}, login ${sec(connect.loginMs)}, cipher ${connect.cipher}; `
    : '';
  return `phases: ${conn}scan ${sec(p.scanMs)}, channel ${sec(p.openMs)}, ready ${sec(p.readyMs)}, send ${sec(p.sendMs)}, finish ${sec(p.finishMs)}`;
}

async function sync(source: string, dest: string, opts: SyncOptions, setExit: (code: number) => void): Promise<void> {
  const from = resolve(source);
  const isDir = await stat(from).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    console.error(`onramp sync: ${from} is not a folder on this machine: give the project folder to copy`);
    return setExit(1);
  }
  const connectStarted = Date.now();
  const connected = await cliDom0Connection({
    ...(opts.dom0 ? { dom0: opts.dom0 } : {}),
    ...(opts.identity ? { identity: opts.identity } : {}),
  });
  if (!connected.ok) {
    console.error(`onramp sync: ${connected.error}`);
    return setExit(1);
  }
  const dom0 = connected.value;
  const connectMs = Date.now() - connectStarted;
  // The connection just made (the pool keeps it): how its time split.
  const connTimings = (await dom0.pool.connection(dom0.target)).timings;
  let last = 0;
  try {
    const result = await syncFolder(dom0.pool, dom0.target, {
      source: from,
      dest,
      ...(opts.full ? { full: true } : {}),
      exclude: opts.includeAll ? [] : [...DEFAULT_EXCLUDES, ...opts.exclude],
      ...(opts.inFlightKb !== undefined ? { inFlightBytes: opts.inFlightKb * 1024 } : {}),
      onProgress: (p) => {
        if (Date.now() - last < 250 && p.sentBytes < p.totalBytes) return;
        last = Date.now();
        process.stderr.write(`${progressLine(p)}\n`);
      },
    });
    const what =
      result.mode === 'unchanged'
        ? 'nothing changed'
        : `${result.mode === 'full' ? 'full copy' : 'changes only'}: ${result.sentEntries} entries sent (${mb(result.sentBytes)}), ${result.removedEntries} removed`;
    if (opts.timings) console.log(phasesLine(connTimings, result.phases));
    console.log(
      `synced ${from} to ${dom0.target.user}@${dom0.target.host}:${dest}: ${what}, in ${(result.durationMs / 1000).toFixed(1)} s (after ${(connectMs / 1000).toFixed(1)} s connecting)`,
    );
    setExit(0);
  } catch (err) {
    console.error(`onramp sync: ${errorMessage(err)}`);
    setExit(1);
  } finally {
    await dom0.pool.dispose();
  }
}

export function registerSync(program: Command, setExit: (code: number) => void): void {
  program
    .command('sync')
    .description(
      `Copy a project folder into dom0 (only what changed since the last sync; leaves out ${DEFAULT_EXCLUDES.join(', ')})`,
    )
    .argument('<source>', 'the folder on this machine')
    .argument('<dest>', 'the folder in dom0 (absolute path)')
    .option('--dom0 <target>', 'USER@HOST:PORT or a ~/.ssh/config alias (default: the saved dom0)')
    .option('--identity <key>', 'private key file for --dom0')
    .option('--full', 'send everything, not only what changed')
    .option(
      '--exclude <name>',
      'also leave out files or folders with this name (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--timings', 'also print where the time went (connection, channel, send, remote finish)')
    .option(
      '--in-flight-kb <kb>',
      `most data sent ahead of dom0's acknowledgement, in KB (default ${IN_FLIGHT_DEFAULT / 1024}; 0: dom0's whole SSH window, the way before issue 16, slower into a dom0 under emulation)`,
      inFlightKb,
    )
    .option('--include-all', `do not leave out ${DEFAULT_EXCLUDES.join(', ')}`)
    .action((source: string, dest: string, opts: SyncOptions) => sync(source, dest, opts, setExit));
}
