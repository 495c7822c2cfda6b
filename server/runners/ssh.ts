// The dom0 runner: the same TargetRunner seam as the local one, over the pooled SSH connection.
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { ConnectionPool } from '../ssh/connection-pool';
import { execOverSsh } from './ssh-exec';
import { spawnPtyOverSsh } from './ssh-pty';
import type { TargetRunner } from './types';

export function createSshRunner(pool: ConnectionPool, target: Dom0Target): TargetRunner {
  return {
    kind: 'dom0',
    exec: (req) => execOverSsh(pool, target, req),
    spawnPty: (req, opts) => spawnPtyOverSsh(pool, target, req, opts),
  };
}
