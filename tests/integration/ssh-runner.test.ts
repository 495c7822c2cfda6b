// The dom0 runner against a real OpenSSH sshd on loopback: exec, streaming, cancel, root, fan-out.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dom0Target } from '../../protocol/socket-dom0';
import { createSshRunner } from '../../server/runners/ssh';
import type { TargetRunner } from '../../server/runners/types';
import { ConnectionPool } from '../../server/ssh/connection-pool';
import { startSshdDom0, type SshdDom0 } from '../helpers/sshd-dom0';
import { pollFor } from '../helpers/poll';
import { SSHD_SUDO_PW_USER, type Sshd } from '../helpers/sshd';

let sshd: Sshd;
let pool: ConnectionPool;
let target: Dom0Target;
let runner: TargetRunner;
let khDir: string;

let dom0: SshdDom0;

beforeAll(async () => {
  dom0 = await startSshdDom0();
  ({ sshd, pool, target, runner } = dom0);
  khDir = dom0.knownHosts.dir;
});

afterAll(async () => {
  await dom0?.close();
});

const isRunning = async (pattern: string) =>
  (await runner.exec({ argv: ['pgrep', '-u', sshd.user, '-f', pattern] })).exitCode === 0;

describe('exec over SSH', () => {
  it('runs argv with environment, keeps arguments intact and reports the exit code', async () => {
    const out = await runner.exec({
      argv: [
        'sh',
        '-c',
        'printf "%s|%s|%s" "$1" "$ONRAMP_DIR" "$(id -un)"; echo oops >&2; exit 3',
        'sh',
        "it's $(not) run",
      ],
      env: { ONRAMP_DIR: '/tmp/a b\nc' },
    });
    expect(out.stdout).toBe(`it's $(not) run|/tmp/a b\nc|${sshd.user}`);
    expect(out.stderr).toBe('oops\n');
    expect(out.exitCode).toBe(3);
    expect(out.message).toMatch(/^exited with code 3 in /);
  });

  it('passes stdin to the command', async () => {
    const out = await runner.exec({ argv: ['wc', '-c'], stdin: 'x'.repeat(100_000) });
    expect(out.stdout.trim()).toBe('100000');
  });

  it('runs as root through sudo -n', async () => {
    const out = await runner.exec({ argv: ['id', '-u'], root: true, env: { ONRAMP_X: 'y' } });
    expect(out.stdout.trim()).toBe('0');
  });

  it('cancel ends the remote process group (checked over a fresh channel)', async () => {
    const abort = new AbortController();
    const running = runner.exec({ argv: ['sh', '-c', 'sleep 3171 & sleep 3172; wait'], signal: abort.signal });
    await pollFor('the remote sleeps to start', () => isRunning('sleep 317[12]'));
    abort.abort();
    const result = await running;
    expect(result.canceled).toBe(true);
    expect(result.message).toMatch(/^canceled after/);
    await pollFor('the remote sleeps to be gone', async () => !(await isRunning('sleep 317[12]')), { timeoutMs: 5000 });
  });

  it('cancel ends a group that ignores TERM (KILL after the grace time)', async () => {
    const abort = new AbortController();
    const running = runner.exec({ argv: ['sh', '-c', 'trap "" TERM; sleep 3175 & wait'], signal: abort.signal });
    await pollFor('the stubborn sleep to start', () => isRunning('^sleep 3175'));
    abort.abort();
    expect((await running).canceled).toBe(true);
    await pollFor('the stubborn sleep to be gone', async () => !(await isRunning('^sleep 3175')), { timeoutMs: 5000 });
  });

  it('canceling 8 running commands at once ends them all (kills run on a side channel, within MaxSessions)', async () => {
    const abort = new AbortController();
    const running = Array.from({ length: 8 }, (_, i) =>
      runner.exec({ argv: ['sleep', `319${i}`], signal: abort.signal }),
    );
    const queued = runner.exec({ argv: ['sleep', '3198'], signal: abort.signal });
    expect(pool.stats()).toMatchObject({ channelsInUse: 8, queued: 1 });
    // The 8 work slots are taken: look from a second connection.
    const observer = new ConnectionPool({
      knownHosts: { user: join(khDir, 'user_known_hosts'), onramp: join(khDir, 'onramp_known_hosts') },
    });
    const count = async () =>
      (await createSshRunner(observer, target).exec({ argv: ['pgrep', '-c', '-f', '^sleep 319[0-7]'] })).stdout.trim();
    await pollFor('8 remote sleeps', async () => (await count()) === '8', { timeoutMs: 15_000 });
    await observer.dispose();
    abort.abort();
    const results = await Promise.all(running);
    expect(results.map((r) => r.canceled)).toEqual(Array(8).fill(true));
    expect(results.every((r) => r.error === undefined)).toBe(true);
    expect((await queued).canceled).toBe(true);
    expect(await isRunning('^sleep 3198')).toBe(false);
    await pollFor('all gone', async () => !(await isRunning('^sleep 319[0-7]')), { timeoutMs: 5000 });
  });

  it('a timeout ends the remote command and says timed out', async () => {
    const result = await runner.exec({ argv: ['sleep', '3173'], timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    await pollFor('sleep 3173 to be gone', async () => !(await isRunning('sleep 3173')), { timeoutMs: 5000 });
  });

  it('12 checks at once share one TCP connection, 8 channels at a time, and all succeed', async () => {
    const before = pool.stats().connects;
    const running = Array.from({ length: 12 }, (_, i) =>
      runner.exec({ argv: ['sh', '-c', `sleep 0.2; echo check-${i}`] }),
    );
    expect(pool.stats()).toMatchObject({ channelsInUse: 8, queued: 4 });
    const results = await Promise.all(running);
    expect(results.map((r) => r.stdout.trim() || r.error || r.stderr)).toEqual(
      Array.from({ length: 12 }, (_, i) => `check-${i}`),
    );
    expect(results.every((r) => r.exitCode === 0)).toBe(true);
    expect(pool.stats().connects).toBe(before);
    expect(pool.stats().open).toBe(1);
  });

  it('back-to-back fan-outs right after a cancel stay within sshd MaxSessions (all succeed)', async () => {
    for (let round = 0; round < 6; round += 1) {
      await runner.exec({ argv: ['sleep', '3174'], timeoutMs: 50 });
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => runner.exec({ argv: ['echo', `r${round}-${i}`] })),
      );
      expect(results.map((r) => r.stdout.trim() || r.error)).toEqual(
        Array.from({ length: 12 }, (_, i) => `r${round}-${i}`),
      );
    }
  });
});

describe('pty over SSH', () => {
  it('streams output before the command ends, without the pid marker', async () => {
    const pty = await runner.spawnPty(
      { argv: ['sh', '-c', 'echo first; read go; echo "second $go"; tty'] },
      { cols: 80, rows: 24 },
    );
    let text = '';
    pty.onData((c) => {
      text += c;
    });
    const exited = new Promise<import('../../protocol/run-result').RunResult>((resolve) => pty.onExit(resolve));
    await pollFor('the first line', () => text.includes('first'));
    pty.write('now\n');
    const result = await exited;
    expect(result.exitCode).toBe(0);
    expect(text).toContain('second now');
    expect(text).toMatch(/\/dev\/pts\/\d+/);
    expect(text).not.toContain('ONRAMP-PGID');
  });

  it('cancel ends the whole remote group and the exit says canceled', async () => {
    const pty = await runner.spawnPty(
      { argv: ['sh', '-c', 'sleep 3181 & echo started; sleep 3182'] },
      { cols: 80, rows: 24 },
    );
    let text = '';
    pty.onData((c) => {
      text += c;
    });
    const exited = new Promise<import('../../protocol/run-result').RunResult>((resolve) => pty.onExit(resolve));
    await pollFor('started', () => text.includes('started'));
    await pollFor('the sleeps', () => isRunning('sleep 318[12]'));
    pty.cancel();
    expect((await exited).canceled).toBe(true);
    await pollFor('the remote sleeps to be gone', async () => !(await isRunning('sleep 318[12]')), { timeoutMs: 5000 });
  });
});

describe('sudo with a password', () => {
  const pwTarget = (): Dom0Target => ({ ...target, user: SSHD_SUDO_PW_USER });

  it('says sudo needs a password, then works with one held in memory (never echoed)', async () => {
    const pwRunner = createSshRunner(pool, pwTarget());
    const without = await pwRunner.exec({ argv: ['id', '-u'], root: true });
    expect(without.error).toMatch(/^sudo in dom0 needs a password: sudo: a (password|terminal) is required/);
    pool.setSecret(pwTarget(), 'sudo-password', 'wrong-one');
    const wrong = await pwRunner.exec({ argv: ['id', '-u'], root: true });
    expect(wrong.error).toMatch(/^sudo in dom0 did not accept the sudo password for onramp-test-pw/);
    pool.setSecret(pwTarget(), 'sudo-password', sshd.password);
    const ok = await pwRunner.exec({ argv: ['sh', '-c', 'id -u; cat'], root: true, stdin: 'input-after-password' });
    expect(ok.stdout).toBe('0\ninput-after-password');
    const pty = await pwRunner.spawnPty(
      { argv: ['sh', '-c', 'read line; id -u; echo "got $line"'], root: true, stdin: 'early input\n' },
      { cols: 80, rows: 24 },
    );
    let text = '';
    pty.onData((c) => {
      text += c;
    });
    const result = await new Promise<import('../../protocol/run-result').RunResult>((resolve) => pty.onExit(resolve));
    expect(result.exitCode).toBe(0);
    expect(text).toContain('0\r\ngot early input');
    expect(text).not.toContain(sshd.password);
  });

  it('cancel ends a root run (sudo -n)', async () => {
    const rootSleepRunning = async () => (await runner.exec({ argv: ['pgrep', '-f', '^sleep 3178'] })).exitCode === 0;
    const abort = new AbortController();
    const running = runner.exec({ argv: ['sleep', '3178'], root: true, signal: abort.signal });
    await pollFor('the root sleep', rootSleepRunning);
    abort.abort();
    expect((await running).canceled).toBe(true);
    await pollFor('the root sleep to be gone', async () => !(await rootSleepRunning()), { timeoutMs: 5000 });
  });

  it('cancel ends a root run that needed the sudo password', async () => {
    pool.setSecret(pwTarget(), 'sudo-password', sshd.password);
    const pwRunner = createSshRunner(pool, pwTarget());
    const rootSleepRunning = async () => (await runner.exec({ argv: ['pgrep', '-f', '^sleep 3176'] })).exitCode === 0;
    const abort = new AbortController();
    const running = pwRunner.exec({ argv: ['sleep', '3176'], root: true, signal: abort.signal });
    await pollFor('the root sleep', rootSleepRunning);
    expect((await runner.exec({ argv: ['ps', '-o', 'user=', '-C', 'sleep'] })).stdout).toContain('root');
    abort.abort();
    expect((await running).canceled).toBe(true);
    await pollFor('the root sleep to be gone', async () => !(await rootSleepRunning()), { timeoutMs: 5000 });
  });
});
