// A dom0 step that needs root where the SSH user's sudo asks for a password (the test sshd's
// second user): the run asks in its panel (the run store's prompt, as the socket forwards it),
// goes on with the answer, a second run needs no prompt, and the password never shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunId, StepId } from '../../protocol/ids';
import type { RunResult } from '../../protocol/run-result';
import type { RunSecretPrompt } from '../../protocol/socket-secrets';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { StepDecl } from '../../protocol/steps';
import { createSshRunner } from '../../server/runners/ssh';
import { RunStore } from '../../server/runs/run-store';
import { pollFor } from '../helpers/poll';
import { SSHD_SUDO_PW_USER } from '../helpers/sshd';
import { startSshdDom0, type SshdDom0 } from '../helpers/sshd-dom0';

let dom0: SshdDom0;
let runs: RunStore;
let pwTarget: Dom0Target;

const step: StepDecl = {
  id: 'dom0-root-whoami' as StepId,
  target: 'dom0',
  command: 'echo "dom0 root uid=$(id -u)"',
  lang: 'sh',
  params: [],
  root: true,
  chapter: 'playground',
  at: { file: 'tests/fixtures/content/playground.mdx', line: 1 },
};

beforeAll(async () => {
  dom0 = await startSshdDom0();
  pwTarget = { ...dom0.target, user: SSHD_SUDO_PW_USER };
  runs = new RunStore();
}, 60_000);

afterAll(async () => {
  await runs?.dispose();
  await dom0?.close();
});

/** Start the step and follow it as a socket subscriber would: output, prompts, exit. */
async function follow() {
  const info = await runs.start(step, createSshRunner(dom0.pool, pwTarget), {}, { cols: 80, rows: 24 });
  const prompts: RunSecretPrompt[] = [];
  let output = '';
  let result: RunResult | undefined;
  runs.attach(
    info.runId,
    'tab-1',
    {
      data: (_offset, chunk) => void (output += chunk),
      gap: () => undefined,
      exit: (r) => void (result = r),
      secretNeeded: (p) => void prompts.push(p),
    },
    0,
  );
  return {
    runId: info.runId as RunId,
    prompts,
    output: () => output,
    exited: () => pollFor('the dom0 run to exit', () => result, { timeoutMs: 30_000 }),
  };
}

describe('dom0 sudo password asked mid-run', () => {
  it('prompts in the run (wrong, then right), runs as root, and never shows the password', async () => {
    const run = await follow();
    const first = await pollFor('the dom0 sudo prompt', () => run.prompts[0], { timeoutMs: 15_000 });
    expect(first).toMatchObject({
      kind: 'sudo-password',
      target: 'dom0',
      label: `sudo password for ${SSHD_SUDO_PW_USER} in dom0 (127.0.0.1)`,
      attempt: 1,
    });
    expect(runs.answerSecret(run.runId, first.promptId, 'not-it')).toBe(true);
    const again = await pollFor('the second ask', () => run.prompts[1], { timeoutMs: 15_000 });
    expect(again.message).toContain('Sorry, try again.');
    expect(runs.answerSecret(run.runId, again.promptId, dom0.sshd.password)).toBe(true);
    const result = await run.exited();
    expect(result.exitCode).toBe(0);
    expect(run.output()).toContain('dom0 root uid=0');
    expect(run.output()).not.toContain(dom0.sshd.password);
    expect(run.output()).not.toContain('not-it');
    expect(run.output()).not.toContain('[onramp-sudo-');
  }, 60_000);

  it('a second root run in dom0 uses the held password: no prompt', async () => {
    const run = await follow();
    const result = await run.exited();
    expect(run.prompts).toEqual([]);
    expect(result.exitCode).toBe(0);
    // The held password answers sudo's prompt once: never typed ahead (echoed, then read by the
    // command as input), and the prompt string itself is cut out.
    expect(run.output().trim()).toBe('dom0 root uid=0');
  }, 30_000);
});
