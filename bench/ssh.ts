// SSH figures against a real sshd on loopback: the pooled connection vs one per command, the
// runner's per-command overhead vs a bare ssh2 exec, and sync vs `tar c | ssh host tar x`.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dom0Target } from '../protocol/socket-dom0';
import { createSshRunner } from '../server/runners/ssh';
import { ConnectionPool, type PooledConnection } from '../server/ssh/connection-pool';
import { commandLine } from '../server/ssh/remote-command';
import { syncFolder } from '../server/sync/sync-folder';
import { fileManifestStore } from '../server/sync/manifest-store';
import { startSshd, trustedKnownHosts } from '../tests/helpers/sshd';
import { againstTarget } from './targets';

const COMMANDS = 50;
const SYNC_MB = 64;

function bareExec(conn: PooledConnection, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    conn.client.exec(command, (err, ch) => {
      if (err) return reject(err);
      ch.on('close', () => resolve());
      ch.resume();
      ch.stderr.resume();
      ch.end();
    });
  });
}

async function timeIt(n: number, fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i += 1) await fn();
  return performance.now() - start;
}

function opensshTarCopy(src: string, dest: string, ssh: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-C', src, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const remote = spawn(
      'ssh',
      [...ssh, commandLine(['sh', '-c', 'mkdir -p "$1" && exec tar -C "$1" -xpf -', 'sh', dest])],
      { stdio: ['pipe', 'ignore', 'inherit'] },
    );
    tar.stdout.pipe(remote.stdin);
    remote.on('error', reject);
    remote.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ssh exited ${code}`))));
  });
}

export async function benchSsh(): Promise<Record<string, number | string>> {
  const sshd = await startSshd();
  const kh = await trustedKnownHosts(sshd);
  const work = await mkdtemp(join(tmpdir(), 'onramp-bench-ssh-'));
  const target: Dom0Target = {
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { kind: 'key', path: sshd.keyPath },
  };
  const pool = new ConnectionPool({ knownHosts: kh });
  try {
    const runner = createSshRunner(pool, target);
    await runner.exec({ argv: ['true'] });
    const reused = await timeIt(COMMANDS, () => runner.exec({ argv: ['true'] }));
    const fresh = await timeIt(COMMANDS, async () => {
      const p = new ConnectionPool({ knownHosts: kh });
      await createSshRunner(p, target).exec({ argv: ['true'] });
      await p.dispose();
    });

    const conn = await pool.connection(target);
    for (let i = 0; i < 10; i += 1) await bareExec(conn, 'true');
    const rounds = 3;
    let bareMs = 0;
    let runnerMs = 0;
    for (let r = 0; r < rounds; r += 1) {
      bareMs += await timeIt(COMMANDS, () => bareExec(conn, 'true'));
      runnerMs += await timeIt(COMMANDS, () => runner.exec({ argv: ['true'] }));
    }

    const src = join(work, 'src');
    await mkdir(join(src, 'sub dir'), { recursive: true });
    for (let i = 0; i < SYNC_MB; i += 1)
      await writeFile(join(src, i % 2 ? 'sub dir' : '', `f${i}.bin`), randomBytes(1024 * 1024));
    const dest = `/tmp/onramp-bench-sync-${randomBytes(4).toString('hex')}`;
    const t0 = performance.now();
    await syncFolder(
      pool,
      target,
      { source: src, dest: `${dest}/onramp`, full: true },
      fileManifestStore(join(work, 'manifests')),
    );
    const onrampSyncMs = performance.now() - t0;
    const sshArgs = [
      '-q',
      '-T',
      '-i',
      sshd.keyPath,
      '-p',
      String(sshd.port),
      '-o',
      `UserKnownHostsFile=${kh.onramp}`,
      '-o',
      'BatchMode=yes',
      `${sshd.user}@127.0.0.1`,
    ];
    const t1 = performance.now();
    await opensshTarCopy(src, `${dest}/openssh`, sshArgs);
    const opensshMs = performance.now() - t1;
    await runner.exec({ argv: ['rm', '-rf', dest] });
    const cipher =
      execFileSync('ssh', ['-G', '127.0.0.1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .match(/^ciphers (\S+)/m)?.[1]
        ?.split(',')[0] ?? '?';

    return {
      [`${COMMANDS} commands, one reused connection: total ms`]: Math.round(reused),
      [`${COMMANDS} commands, a new connection each: total ms`]: Math.round(fresh),
      'reused vs new connection: speed-up': Number((fresh / reused).toFixed(1)),
      'runner per command, ms (mean)': Number((runnerMs / rounds / COMMANDS).toFixed(2)),
      'bare ssh2 exec per command, ms (mean)': Number((bareMs / rounds / COMMANDS).toFixed(2)),
      'runner / bare ssh2 exec': againstTarget(runnerMs / bareMs, '<=', 1.2),
      [`sync ${SYNC_MB} MB (Onramp, ssh2): MB/s`]: Number((SYNC_MB / (onrampSyncMs / 1000)).toFixed(1)),
      [`tar c | ssh tar x ${SYNC_MB} MB (OpenSSH ${cipher}): MB/s`]: Number((SYNC_MB / (opensshMs / 1000)).toFixed(1)),
      'Onramp sync / OpenSSH throughput': againstTarget(opensshMs / onrampSyncMs, '>=', 1),
      'TCP connections opened by the reused-connection runs': pool.stats().connects,
    };
  } finally {
    await pool.dispose();
    await sshd.stop();
    await rm(work, { recursive: true, force: true });
    await rm(kh.dir, { recursive: true, force: true });
  }
}
