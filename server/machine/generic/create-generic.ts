// `onramp machine create --driver generic`: make a machine of the user's own dom0 the guide's way.
// Host key verified (never trust on first use) → login (a key passphrase is asked for) →
// preflight (Debian 12, x86_64, VT-x/AMD-V, memory, disk, sudo) → the guide's dom0 chapters through
// the autopilot (a port: the same step registry and executor the browser uses) → record and dom0
// registration. Running it again finds the steps satisfied and changes nothing.
import { writeFile } from 'node:fs/promises';
import type { Dom0Target } from '../../../protocol/socket-dom0';
import { errorMessage } from '../../../protocol/result';
import { createSshRunner } from '../../runners/ssh';
import { withLoginSecrets } from '../../runners/ssh-login-secrets';
import type { SecretAsker, TargetRunner } from '../../runners/types';
import { ConnectionPool } from '../../ssh/connection-pool';
import { targetLabel } from '../../ssh/dom0-error';
import { acceptHostKey, defaultKnownHostsPaths } from '../../ssh/known-hosts-store';
import { machineKnownHostsLine } from '../openssh';
import type { Progress } from '../progress';
import type { MachineRecord } from '../record';
import { gatherGenericProbes } from './gather-facts';
import type { StepRegistry } from '../../../protocol/steps';
import type { GenericCreateRequest } from './generic-args';
import type { GenericGuidePlan } from './run-guide';
import { genericKnownHostsFile } from './generic-driver';
import { checkHostKey, presentedKey, publicKeyLine } from './host-key';
import { formatRefusal, genericPreflight } from './preflight';

/** A refusal or failure that stops create: its message is the whole story (what, found, expected, fix). */
export class GenericCreateError extends Error {
  override readonly name = 'GenericCreateError';
  constructor(
    readonly stage: 'host-key' | 'login' | 'preflight' | 'guide',
    message: string,
  ) {
    super(message);
  }
}

/** What the guide's dom0 chapters did on the machine (the autopilot's summary lines). */
export type GuideOutcome =
  { readonly ok: true; readonly lines: readonly string[] } | { readonly ok: false; readonly message: string };

/** The port to the chapter autopilot: run the planned dom0 chapters on this machine, in order. */
export type RunDom0Guide = (ctx: {
  readonly registry: StepRegistry;
  readonly requests: GenericGuidePlan['requests'];
  readonly runner: TargetRunner;
  readonly pool: ConnectionPool;
  readonly target: Dom0Target;
  readonly progress: Progress;
  readonly askSecret: SecretAsker | undefined;
}) => Promise<GuideOutcome>;

export interface GenericCreateDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly progress: Progress;
  /** Asks the person at the terminal for a passphrase or sudo password; undefined: nobody to ask. */
  readonly askSecret: SecretAsker | undefined;
  readonly runGuide: RunDom0Guide;
  readonly registry: StepRegistry;
  /** The dom0 chapters planned with the user's values (run-guide.ts). */
  readonly guide: GenericGuidePlan;
  /** The command that confirms a fingerprint, for the host-key refusal. */
  readonly commandWith: (fingerprint: string) => string;
  readonly now?: () => Date;
}

/** Host key, login, preflight, the guide, then the machine's record (not yet stored). */
export async function createGenericMachine(
  req: GenericCreateRequest,
  dir: string,
  deps: GenericCreateDeps,
): Promise<MachineRecord> {
  const { target } = req;
  const { progress } = deps;
  const paths = defaultKnownHostsPaths(deps.env);
  progress.phase(`host key: reading the key ${target.host}:${target.port} offers`);
  const { decision, blob } = await checkHostKey(target, paths, req.hostKey, deps.commandWith);
  if (decision.kind === 'refuse') throw new GenericCreateError('host-key', decision.message);
  const key = presentedKey(blob);
  if (decision.kind === 'accept') {
    await acceptHostKey(paths, target.host, target.port, blob);
    progress.phase(`host key: ${key.algorithm} ${key.fingerprint} matches --host-key; saved in ${paths.onramp}`);
  } else progress.phase(`host key: ${key.algorithm} ${key.fingerprint} is known`);

  const pool = new ConnectionPool({ env: deps.env, knownHosts: paths });
  try {
    try {
      await withLoginSecrets(pool, target, deps.askSecret, () => pool.connection(target));
    } catch (err) {
      throw new GenericCreateError('login', `cannot log in to ${targetLabel(target)}: ${errorMessage(err)}`);
    }
    const runner = createSshRunner(pool, target);
    progress.phase(`preflight: ${targetLabel(target)}`);
    const probes = await gatherGenericProbes(runner, pool, target, deps.askSecret);
    const verdict = genericPreflight(probes, target.user, deps.guide.bridge);
    for (const note of verdict.notes) progress.phase(`preflight: ${note}`);
    if (!verdict.ok)
      throw new GenericCreateError(
        'preflight',
        `${targetLabel(target)} cannot become dom0 as it is (nothing was changed on it):\n${verdict.refusals.map(formatRefusal).join('\n')}`,
      );
    progress.phase(
      `preflight: Debian 12, x86_64, VT-x/AMD-V, memory, disk, sudo and the bridge's card ${deps.guide.bridge.nic} are fine`,
    );

    const outcome = await deps.runGuide({
      registry: deps.registry,
      requests: deps.guide.requests,
      runner,
      pool,
      target,
      progress,
      askSecret: deps.askSecret,
    });
    if (!outcome.ok) throw new GenericCreateError('guide', outcome.message);
    for (const line of outcome.lines) progress.phase(line);
  } finally {
    await pool.dispose();
  }

  const hostKey = publicKeyLine(blob);
  await writeFile(genericKnownHostsFile({ dir }), `${machineKnownHostsLine(target.host, target.port, hostKey)}\n`, {
    mode: 0o600,
  });
  return {
    name: req.name,
    driver: 'generic',
    dir,
    imageKey: 'generic',
    sshHost: target.host,
    sshPort: target.port,
    sshUser: target.user,
    ...(target.auth.kind === 'key' ? { identityFile: target.auth.path } : {}),
    hostKey,
    readySnapshot: false,
    createdAt: (deps.now ?? (() => new Date()))().toISOString(),
  };
}
