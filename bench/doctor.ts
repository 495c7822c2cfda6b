// `onramp doctor`'s engine over every stage, with dom0 reached over a real sshd on loopback
// (no Xen there, so the Xen checks fail fast, as on a half-set-up machine): wall time against the
// slowest single check, and SSH handshakes per target.
import { rm } from 'node:fs/promises';
import type { Dom0Target } from '../protocol/socket-dom0';
import type { CheckId } from '../protocol/ids';
import { createCheckService } from '../server/checks/service';
import { createLocalRunner } from '../server/runners/local';
import { createSshRunner } from '../server/runners/ssh';
import { ConnectionPool } from '../server/ssh/connection-pool';
import { startSshd, trustedKnownHosts } from '../tests/helpers/sshd';
import { ok } from '../protocol/result';
import { againstTarget } from './targets';

export async function benchDoctor(): Promise<Record<string, number | string>> {
  const sshd = await startSshd();
  const kh = await trustedKnownHosts(sshd);
  const target: Dom0Target = {
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { kind: 'key', path: sshd.keyPath },
  };
  const host = createLocalRunner();
  // A doctor run from scratch: a new pool (so the SSH handshake is part of what is timed).
  const fresh = () => {
    const pool = new ConnectionPool({ knownHosts: kh });
    const dom0 = createSshRunner(pool, target);
    return { pool, service: createCheckService((t) => ok(t === 'host' ? host : dom0), { progressFile: null }) };
  };
  const { pool, service } = fresh();
  try {
    const ran = new Set<CheckId>();
    const t0 = performance.now();
    await service.runAll(undefined, (id) => ran.add(id));
    const wall = performance.now() - t0;
    // Every check alone, from scratch, prerequisites first (as `doctor` would run just that one).
    let slowestId = 'none';
    let alone = 0;
    for (const id of ran) {
      const one = fresh();
      const t1 = performance.now();
      await one.service.run(id);
      const ms = performance.now() - t1;
      await one.pool.dispose();
      if (ms > alone) [slowestId, alone] = [id, ms];
    }
    return {
      'checks run': ran.size,
      'doctor over all stages: wall ms': Math.round(wall),
      [`slowest single check (${slowestId}), alone from scratch: ms`]: Math.round(alone),
      'wall / slowest alone': againstTarget(wall / alone, '<=', 1.3),
      'SSH handshakes to dom0': againstTarget(pool.stats().connects, '=', 1),
    };
  } finally {
    await pool.dispose();
    await sshd.stop();
    await rm(kh.dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await benchDoctor())) console.log(`${k.padEnd(60)} ${v}`);
}
