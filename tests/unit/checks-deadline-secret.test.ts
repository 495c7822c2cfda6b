// A check's deadline stops while the reader is asked for a secret: a prompt answered after the
// deadline would have passed still lets the check finish; without an asker nothing is asked.
import { describe, expect, it } from 'vitest';
import { runWithDeadline } from '../../server/checks/service';
import { DEFAULT_CHECK_SETTINGS, type CheckDefinition } from '../../server/checks/types';
import type { ExecOutput, ExecRequest, TargetRunner } from '../../server/runners/types';

const done: ExecOutput = {
  exitCode: 0,
  signal: null,
  timedOut: false,
  canceled: false,
  durationMs: 1,
  message: 'exited with code 0',
  stdout: 'secret accepted',
  stderr: '',
};

/** A runner whose every command asks for a secret first (as dom0's sudo does) and succeeds when given one. */
const askingRunner: TargetRunner = {
  kind: 'dom0',
  async exec(req: ExecRequest) {
    const value = await req.askSecret?.({
      kind: 'sudo-password',
      target: 'dom0',
      label: 'l',
      message: 'm',
      attempt: 1,
    });
    return value === undefined ? { ...done, exitCode: 1, stdout: '' } : done;
  },
  spawnPty: () => Promise.reject(new Error('not used')),
};

const def: CheckDefinition = {
  id: 'xen-running',
  async run(ctx) {
    const out = await ctx.exec({ argv: ['xl', 'info'], root: true });
    return out.exitCode === 0 ? { status: 'passed', found: out.stdout } : { status: 'error', reason: 'no secret' };
  },
};

describe('runWithDeadline with a secret prompt', () => {
  it('the time the prompt waits does not count against the deadline', async () => {
    const asked: string[] = [];
    const verdict = await runWithDeadline(def, askingRunner, DEFAULT_CHECK_SETTINGS, 'linux', 50, async (checkId) => {
      asked.push(checkId);
      await new Promise((r) => setTimeout(r, 200));
      return 'pw';
    });
    expect(asked).toEqual(['xen-running']);
    expect(verdict).toEqual({ status: 'passed', found: 'secret accepted' });
  });

  it('without an asker the command gets no askSecret', async () => {
    const verdict = await runWithDeadline(def, askingRunner, DEFAULT_CHECK_SETTINGS, 'linux', 1000);
    expect(verdict).toEqual({ status: 'error', reason: 'no secret' });
  });

  it('the deadline still holds for the command itself', async () => {
    const slow: TargetRunner = { ...askingRunner, exec: () => new Promise(() => undefined) };
    const verdict = await runWithDeadline(def, slow, DEFAULT_CHECK_SETTINGS, 'linux', 50, async () => 'pw');
    expect(verdict.status).toBe('error');
    expect(JSON.stringify(verdict)).toContain('did not finish within 0.05 s');
  });
});
