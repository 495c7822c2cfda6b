// dom0 for CLI commands (`onramp doctor --dom0 TARGET --identity KEY`): resolve the target from
// the flag (with ~/.ssh/config) or from dom0.json, connect once, and close at the end.
import {
  loadDom0Target,
  parseTargetSpec,
  readSshConfigText,
  targetFromSpec,
  type Dom0Target,
} from '../config/dom0-target';
import { createSshRunner } from '../runners/ssh';
import type { TargetRunner } from '../runners/types';
import { ConnectionPool } from './connection-pool';
import { Dom0Error } from './dom0-error';
import { err, errorMessage, ok, type Result } from '../../protocol/result';

export interface CliDom0Options {
  readonly dom0?: string;
  readonly identity?: string;
}

export interface CliDom0 {
  /** The dom0 runner, connected; or why there is none (shown on each dom0 check). */
  lookup(): Promise<Result<TargetRunner>>;
  dispose(): Promise<void>;
}

async function resolveTarget(opts: CliDom0Options): Promise<Dom0Target | null> {
  if (opts.dom0 === undefined) return loadDom0Target();
  const parsed = parseTargetSpec(opts.dom0, await readSshConfigText());
  if (!parsed.ok) throw new Dom0Error('other', parsed.error);
  return targetFromSpec(parsed.value, opts.identity);
}

function cliHint(err: Dom0Error, target: Dom0Target): string {
  if (err.kind === 'host-key-unknown') {
    return `${err.message} From the command line: run \`ssh -p ${target.port} ${target.user}@${target.host}\` once and answer yes, or accept the key in Onramp's dom0 settings.`;
  }
  if (err.kind === 'passphrase-needed')
    return `${err.message} From the command line: load the key into ssh-agent (\`ssh-add ${target.auth.kind === 'key' ? target.auth.path : 'KEY'}\`) and pass --dom0 without --identity.`;
  return err.message;
}

/** The dom0 of a CLI command, connected: its pool (close it when done) and target; or why not. */
export async function cliDom0Connection(
  opts: CliDom0Options,
  notConfigured = "dom0 is not configured: pass --dom0 USER@HOST:PORT (and --identity KEY), or set it up in Onramp's Settings",
): Promise<Result<{ pool: ConnectionPool; target: Dom0Target }>> {
  let target: Dom0Target | null;
  try {
    target = await resolveTarget(opts);
  } catch (thrown) {
    return err(errorMessage(thrown));
  }
  if (!target) return err(notConfigured);
  const pool = new ConnectionPool();
  try {
    await pool.connection(target);
  } catch (thrown) {
    await pool.dispose();
    return err(thrown instanceof Dom0Error ? cliHint(thrown, target) : String(thrown));
  }
  return ok({ pool, target });
}

export function cliDom0(opts: CliDom0Options, notConfigured: string): CliDom0 {
  let pool: ConnectionPool | null = null;
  let resolved: Promise<Result<TargetRunner>> | null = null;
  const connect = async (): Promise<Result<TargetRunner>> => {
    const connected = await cliDom0Connection(opts, notConfigured);
    if (!connected.ok) return connected;
    pool = connected.value.pool;
    return ok(createSshRunner(connected.value.pool, connected.value.target));
  };
  return {
    lookup() {
      resolved ??= connect();
      return resolved;
    },
    async dispose() {
      await pool?.dispose();
    },
  };
}
