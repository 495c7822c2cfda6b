// Thin I/O for the generic driver's preflight: run the fixed probe commands in the machine over
// SSH (no user text reaches them) and find out how sudo answers, asking for the sudo password
// through the run's secret flow when sudo wants one. preflight.ts decides on what this returns.
import type { Dom0Target } from '../../../protocol/socket-dom0';
import { isSudoPasswordRequired } from '../../checks/parsers/xl';
import type { ConnectionPool } from '../../ssh/connection-pool';
import type { ExecOutput, SecretAsker, TargetRunner } from '../../runners/types';
import type { GenericProbes, SudoFact } from './preflight';

const PROBE_TIMEOUT_MS = 60_000;
/** How many sudo passwords may be tried before sudo counts as refused. */
const SUDO_ATTEMPTS = 3;

function firstLines(o: ExecOutput): string {
  const text = `${o.stderr}${o.stdout}`.trim();
  return text === '' ? (o.error ?? o.message) : text.split('\n').slice(0, 3).join(' / ');
}

/**
 * How sudo answers the login user: `sudo -n true` first; when sudo wants a password, ask (up to 3
 * times) and check it with a root `true` (the pool holds it in memory for the later steps).
 */
export async function sudoFact(
  runner: TargetRunner,
  pool: ConnectionPool,
  target: Dom0Target,
  ask: SecretAsker | undefined,
): Promise<SudoFact> {
  const plain = await runner.exec({ argv: ['sudo', '-n', 'true'], timeoutMs: PROBE_TIMEOUT_MS });
  if (plain.exitCode === 0) return { kind: 'no-password' };
  if (plain.exitCode === 127) return { kind: 'missing', output: firstLines(plain) };
  if (!isSudoPasswordRequired(plain.stderr)) return { kind: 'refused', output: firstLines(plain) };
  let last = plain;
  for (let attempt = 1; attempt <= SUDO_ATTEMPTS && ask; attempt++) {
    const password = await ask({
      kind: 'sudo-password',
      target: 'dom0',
      label: `sudo password for ${target.user} on ${target.host}`,
      message: attempt === 1 ? 'sudo in the machine needs a password' : 'sudo did not accept that password',
      attempt,
    });
    if (password === undefined) break;
    pool.setSecret(target, 'sudo-password', password);
    last = await runner.exec({ argv: ['true'], root: true, timeoutMs: PROBE_TIMEOUT_MS });
    if (last.exitCode === 0) return { kind: 'password' };
    pool.clearSecret(target, 'sudo-password');
  }
  return {
    kind: 'refused',
    output: ask
      ? firstLines(last)
      : `${firstLines(last)} (and there is no terminal to ask for the password: run the command in a terminal)`,
  };
}

/** Gather every fact preflight needs. `xl info` (as root) only when the machine already runs on Xen. */
export async function gatherGenericProbes(
  runner: TargetRunner,
  pool: ConnectionPool,
  target: Dom0Target,
  ask: SecretAsker | undefined,
): Promise<GenericProbes> {
  const run = (argv: readonly string[]) => runner.exec({ argv, timeoutMs: PROBE_TIMEOUT_MS });
  const [osRelease, arch, cpuinfo, meminfo, disk, hypervisor, sshConnection, addresses] = await Promise.all([
    run(['cat', '/etc/os-release']),
    run(['uname', '-m']),
    run(['cat', '/proc/cpuinfo']),
    run(['cat', '/proc/meminfo']),
    run(['df', '-Pk', '/', '/var']),
    run(['cat', '/sys/hypervisor/type']),
    run(['printenv', 'SSH_CONNECTION']),
    run(['ip', '-j', 'address']),
  ]);
  const sudo = await sudoFact(runner, pool, target, ask);
  const onXen = hypervisor.exitCode === 0 && hypervisor.stdout.trim() === 'xen';
  const canRoot = sudo.kind === 'no-password' || sudo.kind === 'password';
  const xlInfo =
    onXen && canRoot ? await runner.exec({ argv: ['xl', 'info'], root: true, timeoutMs: PROBE_TIMEOUT_MS }) : undefined;
  return {
    osRelease,
    arch,
    cpuinfo,
    meminfo,
    disk,
    hypervisor,
    sudo,
    sshConnection,
    addresses,
    ...(xlInfo ? { xlInfo } : {}),
  };
}
