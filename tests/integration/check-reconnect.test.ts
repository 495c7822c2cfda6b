// A dom0 check whose SSH connection drops under it (the sshd session serving it is killed) runs
// once more on a new connection, transparently; a second drop is reported; a plain failure is
// not re-run. Against a real sshd on loopback.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWithDeadline } from '../../server/checks/service';
import { DEFAULT_CHECK_SETTINGS, type CheckDefinition } from '../../server/checks/types';
import { startSshdDom0, type SshdDom0 } from '../helpers/sshd-dom0';

let dom0: SshdDom0;
let dir: string;
let counter: string;

beforeAll(async () => {
  dom0 = await startSshdDom0();
  dir = await mkdtemp(join(tmpdir(), 'onramp-check-reconnect-'));
  await chmod(dir, 0o777);
});
afterAll(async () => {
  await dom0?.close();
  await rm(dir, { recursive: true, force: true });
});
let n = 0;
beforeEach(() => {
  counter = join(dir, `runs-${++n}`);
});

/**
 * A check that counts its runs in `counter`; on the runs listed in `dropOn` its command kills the
 * sshd session process serving it (its parent), which drops the whole SSH connection.
 */
function countingCheck(dropOn: readonly number[], exitCode = 0): CheckDefinition {
  const drops = dropOn.map((r) => `[ "$n" = ${r} ]`).join(' || ') || 'false';
  const script =
    `n=$(($(cat "$1" 2>/dev/null || echo 0) + 1)); echo "$n" > "$1"; ` +
    `if ${drops}; then kill -KILL "$PPID"; sleep 10; fi; echo "run $n"; exit ${exitCode}`;
  return {
    id: 'xen-running',
    async run(ctx) {
      const out = await ctx.exec({ argv: ['sh', '-c', script, 'sh', counter] });
      if (out.error !== undefined) return { status: 'error', reason: out.error };
      if (out.exitCode !== 0) return { status: 'failed', reason: out.stdout.trim(), found: null, expected: 'exit 0' };
      return { status: 'passed', found: out.stdout.trim() };
    },
  } as CheckDefinition;
}

const runs = async () => Number((await readFile(counter, 'utf8')).trim());
const run = (def: CheckDefinition) => runWithDeadline(def, dom0.runner, DEFAULT_CHECK_SETTINGS, 'linux', 30_000);

describe('a check whose dom0 connection drops', () => {
  it('reconnects and runs again once: the verdict is the second run, nothing says the link dropped', async () => {
    expect((await dom0.runner.exec({ argv: ['true'] })).exitCode).toBe(0);
    const connects = dom0.pool.stats().connects;
    const verdict = await run(countingCheck([1]));
    expect(verdict).toEqual({ status: 'passed', found: 'run 2' });
    expect(await runs()).toBe(2);
    expect(dom0.pool.stats().connects).toBe(connects + 1);
  });

  it('dropped twice: the second loss is the verdict, and it ran exactly twice', async () => {
    const verdict = await run(countingCheck([1, 2]));
    expect(verdict.status).toBe('error');
    expect(verdict.status === 'error' && verdict.reason).toMatch(
      /^lost the connection to dom0 \(onramp-test@127\.0\.0\.1:\d+\): dom0 closed the connection/,
    );
    expect(await runs()).toBe(2);
  });

  it('a check that fails with its connection intact is not run again', async () => {
    const verdict = await run(countingCheck([], 1));
    expect(verdict).toMatchObject({ status: 'failed', reason: 'run 1' });
    expect(await runs()).toBe(1);
  });
});
