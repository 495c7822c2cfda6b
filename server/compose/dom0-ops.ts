// The dom0 commands compose runs, each as argv over a TargetRunner; a failure becomes a
// ComposeStepError carrying the service, the step and the tool's own message.
import { parseXlList, type XlDomain } from '../checks/parsers/xl';
import type { ExecOutput, TargetRunner } from '../runners/types';
import type { BuildSync } from './build-sync';

export interface ComposeDom0 {
  readonly runner: TargetRunner;
  /** Run xl, ip and file writes through `sudo -n` (false when the login user is root or in tests). */
  readonly root: boolean;
  /** Extra environment for every command (tests put their stand-ins on PATH here). */
  readonly env?: Readonly<Record<string, string>>;
  /** Where xenconsoled writes guest-NAME.log. */
  readonly consoleDir: string;
  /** Copies a build: folder into dom0 as the login user, sending only what changed since the last copy. */
  readonly sync: BuildSync;
}

export const DEFAULT_CONSOLE_DIR = '/var/log/xen/console';

export class ComposeStepError extends Error {
  constructor(
    readonly service: string,
    readonly step: string,
    readonly toolMessage: string,
  ) {
    super(`${service}: ${step} failed: ${toolMessage}`);
    this.name = 'ComposeStepError';
  }
}

export async function run(
  d: ComposeDom0,
  argv: readonly string[],
  opts: { stdin?: string | Buffer; timeoutMs?: number } = {},
): Promise<ExecOutput> {
  return d.runner.exec({
    argv,
    root: d.root,
    timeoutMs: opts.timeoutMs ?? 120_000,
    ...(d.env ? { env: d.env } : {}),
    ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
  });
}

/** Run, and throw with the tool's stderr (or stdout) when it fails. */
export async function must(
  d: ComposeDom0,
  who: string,
  step: string,
  argv: readonly string[],
  opts: { stdin?: string | Buffer; timeoutMs?: number } = {},
): Promise<ExecOutput> {
  const out = await run(d, argv, opts);
  if (out.exitCode !== 0) throw stepError(who, step, argv, out);
  return out;
}

/** The error for a failed command: the command, how it ended, and the tool's last lines. */
export function stepError(who: string, step: string, argv: readonly string[], out: ExecOutput): ComposeStepError {
  const said = (out.stderr.trim() || out.stdout.trim()).split('\n').slice(-6).join('\n');
  return new ComposeStepError(who, step, `\`${argv.join(' ')}\` ${out.message}${said ? `:\n${said}` : ''}`);
}

export async function bridgeExists(d: ComposeDom0, bridge: string): Promise<boolean> {
  return (await run(d, ['ip', 'link', 'show', 'dev', bridge])).exitCode === 0;
}

export async function listDomains(d: ComposeDom0): Promise<XlDomain[]> {
  return parseXlList((await must(d, 'dom0', 'xl list', ['xl', 'list'])).stdout);
}

const WRITE_FILE = 'mkdir -p -- "$(dirname -- "$1")" && cat > "$1"';

export async function writeRemoteFile(d: ComposeDom0, who: string, path: string, data: string | Buffer): Promise<void> {
  await must(d, who, `writing ${path}`, ['sh', '-c', WRITE_FILE, 'sh', path], { stdin: data });
}

export function consoleLogPath(d: ComposeDom0, domain: string): string {
  return `${d.consoleDir}/guest-${domain}.log`;
}

/** The console log so far ('' when xenconsoled has not written one yet). */
export async function readConsole(d: ComposeDom0, domain: string): Promise<string> {
  const out = await run(d, ['cat', consoleLogPath(d, domain)]);
  return out.exitCode === 0 ? out.stdout : '';
}

const TCP_PROBE = 'exec 3<>"/dev/tcp/$1/$2"';

/** Does a TCP connect from dom0 to address:port succeed within the timeout? */
export async function tcpProbe(d: ComposeDom0, address: string, port: number, timeoutMs: number): Promise<boolean> {
  const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
  const out = await run(d, ['timeout', seconds, 'bash', '-c', TCP_PROBE, 'bash', address, String(port)], {
    timeoutMs: timeoutMs + 5000,
  });
  return out.exitCode === 0;
}

/**
 * `xl destroy`, where a domain that ends by itself meanwhile (a unikernel that exits as it is
 * destroyed) counts as gone: xl's error stands only if the domain is still listed 10 s later.
 */
export async function destroyDomain(d: ComposeDom0, who: string, domain: string): Promise<void> {
  const argv = ['xl', 'destroy', domain];
  const out = await run(d, argv);
  if (out.exitCode === 0) return;
  for (let waited = 0; waited <= 10_000; waited += 1000) {
    if (!(await listDomains(d)).some((x) => x.name === domain)) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw stepError(who, 'xl destroy', argv, out);
}
