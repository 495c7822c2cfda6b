// The TargetRunner for the user's own machine: child_process for exec, node-pty for terminals.
import type { TargetRunner } from './types';
import { execLocal, type LocalExecOptions } from './local-exec';
import { spawnLocalPty } from './local-pty';
import { spawnHostRootPty } from './sudo-host';
import { ExpiringSecrets } from './sudo-secrets';

export type { LocalExecOutput } from './local-exec';

export interface LocalRunnerOptions extends LocalExecOptions {
  /** Where this machine's sudo password is held (memory only); one per server. */
  readonly secrets?: ExpiringSecrets;
}

export function createLocalRunner(opts: LocalRunnerOptions = {}): TargetRunner {
  const secrets = opts.secrets ?? new ExpiringSecrets();
  return {
    kind: 'host',
    exec: (req) => execLocal(req, opts),
    spawnPty: (req, ptyOpts) => spawnHostRootPty(req, ptyOpts, secrets, spawnLocalPty),
  };
}
