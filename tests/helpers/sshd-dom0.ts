// A real sshd on loopback used as "dom0": the sshd, known-hosts files that already trust it, one
// connection pool and the dom0 runner over it. `close()` undoes all of it.
import { rm } from 'node:fs/promises';
import type { Dom0Target } from '../../protocol/socket-dom0';
import { createSshRunner } from '../../server/runners/ssh';
import type { TargetRunner } from '../../server/runners/types';
import { ConnectionPool, type ConnectionPoolOptions } from '../../server/ssh/connection-pool';
import { startSshd, trustedKnownHosts, type Sshd } from './sshd';

export interface SshdDom0 {
  readonly sshd: Sshd;
  /** The known-hosts files that trust this sshd (and their folder). */
  readonly knownHosts: Awaited<ReturnType<typeof trustedKnownHosts>>;
  readonly pool: ConnectionPool;
  readonly target: Dom0Target;
  readonly runner: TargetRunner;
  close(): Promise<void>;
}

export async function startSshdDom0(poolOptions: Omit<ConnectionPoolOptions, 'knownHosts'> = {}): Promise<SshdDom0> {
  const sshd = await startSshd();
  const knownHosts = await trustedKnownHosts(sshd);
  const pool = new ConnectionPool({ ...poolOptions, knownHosts });
  const target: Dom0Target = {
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { kind: 'key', path: sshd.keyPath },
  };
  return {
    sshd,
    knownHosts,
    pool,
    target,
    runner: createSshRunner(pool, target),
    async close() {
      await pool.dispose();
      await sshd.stop();
      await rm(knownHosts.dir, { recursive: true, force: true });
    },
  };
}
