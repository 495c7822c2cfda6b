// The local runner against real processes: exec results and errors, and node-pty terminals
// (ordering, exit codes, signals, timeout, and cancel of trees that resist or escape).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocalRunner, type LocalExecOutput } from '../../server/runners/local';
import type { PtyProcess } from '../../server/runners/types';
import type { RunResult } from '../../protocol/run-result';
import { pollFor } from '../helpers/poll';

const runner = createLocalRunner();
const PTY = { cols: 120, rows: 30 };

/** Dead: no such pid, or a zombie (already dead; this container's pid 1 does not reap orphans). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

interface Collected {
  readonly proc: PtyProcess;
  output(): string;
  readonly exited: Promise<RunResult>;
}

async function runPty(
  command: string,
  extra: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<Collected> {
  const proc = await runner.spawnPty({ argv: ['sh', '-c', command], ...extra }, PTY);
  let out = '';
  proc.onData((c) => {
    out += c;
  });
  const exited = new Promise<RunResult>((resolve) => proc.onExit(resolve));
  return { proc, output: () => out, exited };
}

describe('local runner: exec', () => {
  it('collects stdout and stderr, passes stdin and env, and reports exit code 3', async () => {
    const out = await runner.exec({
      argv: ['sh', '-c', 'cat; echo "to-err $ONRAMP_WHO" >&2; exit 3'],
      env: { ONRAMP_WHO: 'a value; with $(shell) text' },
      stdin: 'from stdin\n',
    });
    expect(out.stdout).toBe('from stdin\n');
    expect(out.stderr).toBe('to-err a value; with $(shell) text\n');
    expect(out.exitCode).toBe(3);
    expect(out.signal).toBeNull();
    expect(out.message).toMatch(/^exited with code 3 in /);
  });

  it('says "command not found" for a missing program and keeps the original error as cause', async () => {
    const out: LocalExecOutput = await runner.exec({ argv: ['onramp-no-such-command', '--version'] });
    expect(out.error).toContain('command not found: onramp-no-such-command');
    expect(out.exitCode).toBeNull();
    expect((out.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(out.message).toMatch(/^failed: command not found/);
  });

  it('ends the whole process group on timeout', async () => {
    const out = await runner.exec({ argv: ['sh', '-c', 'sleep 30 & echo $!; wait'], timeoutMs: 300 });
    expect(out.timedOut).toBe(true);
    expect(out.message).toMatch(/^timed out after/);
    const sleeper = Number(out.stdout.trim());
    await pollFor('the background sleep to end', () => isGone(sleeper), { timeoutMs: 2000 });
  });

  it('cancels through an AbortSignal', async () => {
    const controller = new AbortController();
    const pending = runner.exec({ argv: ['sleep', '30'], signal: controller.signal });
    controller.abort();
    const out = await pending;
    expect(out.canceled).toBe(true);
    expect(out.durationMs).toBeLessThan(5000);
  });

  it('caps a stream and says how much it dropped', async () => {
    const small = createLocalRunner({ outputCap: 1000 });
    const out = await small.exec({ argv: ['sh', '-c', 'head -c 5000 /dev/zero | tr "\\0" x'] });
    expect(out.stdout.startsWith('x'.repeat(1000) + '\n[output truncated')).toBe(true);
    expect(out.stdout).toContain('dropped 4000');
  });
});

describe('local runner: terminal', () => {
  it('streams many lines in order', async () => {
    const run = await runPty('seq 1 20000');
    const result = await run.exited;
    expect(result.exitCode).toBe(0);
    const lines = run
      .output()
      .split('\r\n')
      .filter((l) => l !== '');
    expect(lines).toHaveLength(20000);
    expect(lines.every((l, i) => l === String(i + 1))).toBe(true);
  });

  it('reports exit code 3', async () => {
    const result = await (await runPty('echo done; exit 3')).exited;
    expect(result).toMatchObject({ exitCode: 3, signal: null, canceled: false, timedOut: false });
  });

  it('reports a signal by name', async () => {
    const result = await (await runPty('kill -TERM $$')).exited;
    expect(result.signal).toBe('SIGTERM');
    expect(result.exitCode).toBeNull();
    expect(result.message).toMatch(/^killed by SIGTERM/);
  });

  it('times out', async () => {
    const result = await (await runPty('sleep 30', { timeoutMs: 300 })).exited;
    expect(result.timedOut).toBe(true);
    expect(result.durationMs).toBeLessThan(3000);
  });

  it('passes parameters as environment, never as shell text', async () => {
    const run = await runPty('printf "%s" "$ONRAMP_DIR"', { env: { ONRAMP_DIR: '/tmp/x; echo injected' } });
    await run.exited;
    expect(run.output()).toBe('/tmp/x; echo injected');
  });

  it('cancel ends a tree with a HUP/TERM-ignoring child and a setsid child within 1 s', async () => {
    const run = await runPty(
      [
        'trap "" HUP TERM',
        `sh -c 'trap "" HUP TERM; sleep 1000 & echo "pid:$!"; echo "pid:$$"; wait' &`,
        `setsid sh -c 'trap "" HUP TERM; sleep 1000 & echo "pid:$!"; echo "pid:$$"; wait' &`,
        'echo "pid:$$"',
        'wait',
      ].join('\n'),
    );
    const pids = await pollFor('five pids printed', () => {
      const found = [...run.output().matchAll(/pid:(\d+)/g)].map((m) => Number(m[1]));
      return found.length === 5 ? found : undefined;
    });
    expect(pids.every((pid) => !isGone(pid))).toBe(true);
    const canceledAt = Date.now();
    run.proc.cancel();
    await pollFor('every pid of the tree to be gone', () => pids.every(isGone), { timeoutMs: 1000, intervalMs: 10 });
    const goneAfter = Date.now() - canceledAt;
    const result = await run.exited;
    expect(result.canceled).toBe(true);
    expect(result.message).toMatch(/^canceled after/);
    console.log(`[runner] tree of 5 (TERM-ignoring + setsid) gone ${goneAfter} ms after cancel`);
  });

  it('pause stops the producer and resume lets it go on', async () => {
    const run = await runPty('yes onramp');
    await pollFor('some output', () => run.output().length > 10_000);
    run.proc.pause();
    let last = -1;
    let stableSince = Date.now();
    await pollFor('output to stop growing', () => {
      const now = run.output().length;
      if (now !== last) {
        last = now;
        stableSince = Date.now();
      }
      return Date.now() - stableSince > 300;
    });
    run.proc.resume();
    await pollFor('output to grow again', () => run.output().length > last + 100_000);
    run.proc.cancel();
    expect((await run.exited).canceled).toBe(true);
  });
});

describe('a step that runs `onramp`', () => {
  it('finds this Onramp on PATH (bin/onramp), with no npm link, in exec and in a terminal', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/usr/local/bin:/usr/bin:/bin';
    try {
      const out = await runner.exec({ argv: ['sh', '-c', 'command -v onramp && onramp machine --help'] });
      expect(out.exitCode, out.stderr).toBe(0);
      expect(out.stdout.split('\n')[0]).toBe(new URL('../../bin/onramp', import.meta.url).pathname);
      expect(out.stdout).toContain('Usage: onramp machine');
      const pty = await runPty('onramp machine --help');
      expect((await pty.exited).exitCode).toBe(0);
      expect(pty.output()).toContain('Usage: onramp machine');
    } finally {
      process.env.PATH = saved;
    }
  }, 60_000);
});
