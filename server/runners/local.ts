// The TargetRunner for the user's own machine: child_process for exec, node-pty for terminals.
import type { TargetRunner } from './types';
import { execLocal, type LocalExecOptions } from './local-exec';
import { spawnLocalPty } from './local-pty';

export type { LocalExecOutput } from './local-exec';

export function createLocalRunner(opts: LocalExecOptions = {}): TargetRunner {
  return {
    kind: 'host',
    exec: (req) => execLocal(req, opts),
    spawnPty: (req, ptyOpts) => spawnLocalPty(req, ptyOpts),
  };
}
