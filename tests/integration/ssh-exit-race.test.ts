// A quick command's exit status can arrive in the same batch of SSH packets as the channel's
// open confirmation; ssh2 then emits 'exit' before an awaiting caller could listen. Hundreds of
// instant commands over one connection must all report their exit code.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Dom0Target } from '../../protocol/socket-dom0';
import { createSshRunner } from '../../server/runners/ssh';
import { ConnectionPool } from '../../server/ssh/connection-pool';
import { startSshd, trustedKnownHosts, type Sshd } from '../helpers/sshd';

let sshd: Sshd;
let pool: ConnectionPool;
let khDir: string;
let target: Dom0Target;

beforeAll(async () => {
  sshd = await startSshd();
  const kh = await trustedKnownHosts(sshd);
  khDir = kh.dir;
  pool = new ConnectionPool({ knownHosts: kh });
  target = { host: sshd.host, port: sshd.port, user: sshd.user, auth: { kind: 'key', path: sshd.keyPath } };
});

afterAll(async () => {
  await pool?.close();
  await sshd?.stop();
  await rm(khDir, { recursive: true, force: true });
});

it('every one of 400 instant commands reports its exit code (none "closed without an exit status")', async () => {
  const runner = createSshRunner(pool, target);
  const failures: string[] = [];
  for (let i = 0; i < 400; i += 1) {
    const code = i % 2;
    const out = await runner.exec({ argv: ['sh', '-c', `exit ${code}`] });
    if (out.exitCode !== code || out.error) failures.push(`#${i}: exit ${out.exitCode}, ${out.error ?? 'no error'}`);
  }
  expect(failures).toEqual([]);
  expect(pool.stats().connects).toBe(1);
});
