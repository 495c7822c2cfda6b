// A dom0 step whose login needs the passphrase of an encrypted key (real sshd on loopback): the
// run asks for it in its panel (the run store's prompt, as the socket forwards it), a wrong one is
// asked again, the right one lets the step run; the passphrase never shows in the output.
import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunId, StepId } from '../../protocol/ids';
import type { RunResult } from '../../protocol/run-result';
import type { RunSecretPrompt } from '../../protocol/socket-secrets';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { StepDecl } from '../../protocol/steps';
import { createSshRunner } from '../../server/runners/ssh';
import { RunStore } from '../../server/runs/run-store';
import { ConnectionPool } from '../../server/ssh/connection-pool';
import { pollFor } from '../helpers/poll';
import { startSshd, trustedKnownHosts, type Sshd } from '../helpers/sshd';

const PASSPHRASE = 'mid-run passphrase 42';
let sshd: Sshd;
let dir: string;
let pool: ConnectionPool;
let runs: RunStore;
let target: Dom0Target;

const step: StepDecl = {
  id: 'dom0-hello' as StepId,
  target: 'dom0',
  command: 'echo "dom0 user=$(id -un)"',
  lang: 'sh',
  params: [],
  root: false,
  chapter: 'playground',
  at: { file: 'tests/fixtures/content/playground.mdx', line: 1 },
};

beforeAll(async () => {
  sshd = await startSshd();
  const knownHosts = await trustedKnownHosts(sshd);
  dir = knownHosts.dir;
  const key = join(dir, 'locked_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-f', key]);
  await sshd.authorize(await readFile(`${key}.pub`, 'utf8'));
  target = { host: sshd.host, port: sshd.port, user: sshd.user, auth: { kind: 'key', path: key } };
  pool = new ConnectionPool({ knownHosts, env: {} });
  runs = new RunStore();
}, 60_000);

afterAll(async () => {
  await runs?.dispose();
  await pool?.dispose();
  await sshd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('an SSH key passphrase asked mid-run', () => {
  it('asks in the run (wrong, then right), logs in, runs the step; the passphrase never shows', async () => {
    const info = await runs.start(step, createSshRunner(pool, target), {}, { cols: 80, rows: 24 });
    const runId = info.runId as RunId;
    const prompts: RunSecretPrompt[] = [];
    let output = '';
    let result: RunResult | undefined;
    runs.attach(
      runId,
      'tab-1',
      {
        data: (_offset, chunk) => void (output += chunk),
        gap: () => undefined,
        exit: (r) => void (result = r),
        secretNeeded: (p) => void prompts.push(p),
      },
      0,
    );
    const first = await pollFor('the passphrase prompt', () => prompts[0], { timeoutMs: 15_000 });
    expect(first).toMatchObject({
      kind: 'passphrase',
      target: 'dom0',
      label: `passphrase of the key ${join(dir, 'locked_key')} for dom0 (${sshd.user}@127.0.0.1:${sshd.port})`,
      attempt: 1,
    });
    expect(runs.answerSecret(runId, first.promptId, 'not-the-passphrase')).toBe(true);
    const again = await pollFor('the second ask', () => prompts[1], { timeoutMs: 15_000 });
    expect(again).toMatchObject({ kind: 'passphrase', attempt: 2 });
    expect(again.message).toContain('is wrong');
    expect(runs.answerSecret(runId, again.promptId, PASSPHRASE)).toBe(true);
    const ended = await pollFor('the run to exit', () => result, { timeoutMs: 30_000 });
    expect(ended.exitCode, output).toBe(0);
    expect(output).toContain(`dom0 user=${sshd.user}`);
    expect(output).not.toContain(PASSPHRASE);
    expect(output).not.toContain('not-the-passphrase');
    expect(prompts).toHaveLength(2);
  }, 60_000);
});
