// A dom0 that goes away mid-step: the running step fails with a clear error (TCP drop at once,
// a silent hang through keepalives), and the next use reconnects by itself.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../protocol/run-result';
import type { Dom0Target } from '../../protocol/socket-dom0';
import { createSshRunner } from '../../server/runners/ssh';
import type { TargetRunner } from '../../server/runners/types';
import { ConnectionPool } from '../../server/ssh/connection-pool';
import { pollFor } from '../helpers/poll';
import { startSshd, trustedKnownHosts, type Sshd } from '../helpers/sshd';

let sshd: Sshd;
let pool: ConnectionPool;
let runner: TargetRunner;
let khDir: string;
let label: string;

beforeAll(async () => {
  sshd = await startSshd();
  const kh = await trustedKnownHosts(sshd);
  khDir = kh.dir;
  // A small keepalive so a silent hang is noticed in ~2 s (the default notices it within 40 s).
  pool = new ConnectionPool({ knownHosts: kh, keepaliveIntervalMs: 500, keepaliveCountMax: 3 });
  const target: Dom0Target = {
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { kind: 'key', path: sshd.keyPath },
  };
  runner = createSshRunner(pool, target);
  label = `onramp-test@127.0.0.1:${sshd.port}`;
});

afterAll(async () => {
  await pool?.dispose();
  await sshd?.stop();
  await rm(khDir, { recursive: true, force: true });
});

async function startStep(): Promise<{ exited: Promise<RunResult>; output: () => string }> {
  const pty = await runner.spawnPty({ argv: ['sh', '-c', 'echo step-running; sleep 600'] }, { cols: 80, rows: 24 });
  let text = '';
  pty.onData((c) => {
    text += c;
  });
  const exited = new Promise<RunResult>((resolve) => pty.onExit(resolve));
  await pollFor('the step to run', () => text.includes('step-running'));
  return { exited, output: () => text };
}

describe('losing dom0', () => {
  it('sshd killed mid-step: the step fails at once naming dom0, and the next use reconnects', async () => {
    const step = await startStep();
    const checkDuring = runner.exec({ argv: ['sleep', '601'] });
    await pollFor(
      'the check to run',
      async () => (await runner.exec({ argv: ['pgrep', '-f', '^sleep 601'] })).exitCode === 0,
    );
    const connectsBefore = pool.stats().connects;
    await sshd.kill();
    const result = await step.exited;
    expect(result.error).toMatch(
      new RegExp(
        `^lost the connection to dom0 \\(${label}\\): dom0 closed the connection( \\(ECONNRESET\\))?\\. The next step or check reconnects by itself\\.$`,
      ),
    );
    expect(result.message).toMatch(/^failed: lost the connection to dom0/);
    expect((await checkDuring).error).toMatch(/^lost the connection to dom0/);
    await sshd.restart();
    const next = await runner.exec({ argv: ['echo', 'back'] });
    expect(next.stdout).toBe('back\n');
    expect(pool.stats().connects).toBe(connectsBefore + 1);
  });

  it('dom0 hangs silently: keepalives fail the step well within 45 s, and the next use reconnects', async () => {
    const step = await startStep();
    const frozenAt = Date.now();
    await sshd.freeze();
    const result = await step.exited;
    const took = Date.now() - frozenAt;
    expect(result.error).toBe(
      `lost the connection to dom0 (${label}): no answer to 3 keepalives sent every 0.5 s. The next step or check reconnects by itself.`,
    );
    expect(took).toBeLessThan(45_000);
    await sshd.restart();
    expect((await runner.exec({ argv: ['echo', 'again'] })).stdout).toBe('again\n');
  });
});
