// `onramp guide run` as a real process (no terminal: stdin is a pipe) over a real sshd as dom0, on
// the autopilot fixture chapters: each item's state printed, a failing step's output and fix with
// exit 1, a missing value refused with exit 2 (no terminal to ask on), a step done by hand stopping
// with exit 130 and the command to go on. Needs root (tests/helpers/sshd.ts).
import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveDom0Target } from '../../server/config/dom0-target';
import { runTool } from '../../server/machine/run-tool';
import { repoRoot } from '../helpers/server';
import { startSshdDom0, type SshdDom0 } from '../helpers/sshd-dom0';

let dom0: SshdDom0;
let config: string;
let work: string;

beforeAll(async () => {
  dom0 = await startSshdDom0();
  config = await mkdtemp(join(tmpdir(), 'onramp-guide-cli-config-'));
  work = await mkdtemp(join(tmpdir(), 'onramp-guide-cli-'));
  await chmod(work, 0o777);
  await saveDom0Target(dom0.target, join(config, 'dom0.json'));
  await copyFile(dom0.knownHosts.onramp, join(config, 'known_hosts'));
}, 60_000);

afterAll(async () => {
  await dom0?.close();
  if (config) await rm(config, { recursive: true, force: true });
  if (work) await rm(work, { recursive: true, force: true });
});

function guideRun(...args: string[]) {
  return runTool(process.execPath, [join(repoRoot, 'bin/onramp.mjs'), 'guide', 'run', ...args], {
    env: {
      ...process.env,
      ONRAMP_CONFIG_DIR: config,
      ONRAMP_SSH_KNOWN_HOSTS: dom0.knownHosts.user,
      ONRAMP_CONTENT_DIRS: 'tests/fixtures/autopilot',
    },
    timeoutMs: 60_000,
  });
}

describe('onramp guide run', () => {
  it('prints each item, stops at the failing step with its output and fix, exits 1', async () => {
    const r = await guideRun('autopilot-fail', '--param', `dir=${work}`);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^\[1\/3\] step ap-fail-ok passed \(\d+\.\d s\)$/m);
    expect(r.stdout).toMatch(/^\[2\/3\] step ap-fail-boom failed/m);
    expect(r.stdout).not.toMatch(/ap-fail-never/);
    expect(r.stderr).toMatch(/stopped after \d+\.\d s: step ap-fail-boom exited with code 4/);
    expect(r.stderr).toContain('the disk is full: boom');
    expect(r.stderr).toContain('onramp guide run autopilot-fail --from ap-fail-boom');
  });

  it('refuses a missing value when there is no terminal to ask on, naming the --param to give (exit 2)', async () => {
    const r = await guideRun('autopilot-ok', '--param', `dir=${work}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'no value for label (name, for ap-answer) and no terminal to ask on; give --param label=VALUE',
    );
  });

  it('stops at a step done by hand with what to do and how to go on (exit 130)', async () => {
    const r = await guideRun('autopilot-ok', '--param', `dir=${work}`, '--param', 'label=blue');
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toMatch(/\[3\/7\] step ap-done-already satisfied .*already done: dom0-reachable passes/);
    expect(r.stdout).toContain('By hand: Plug the second network cable in by hand, then continue');
    expect(r.stderr).toContain('then run: onramp guide run autopilot-ok --from ap-answer');
  });

  it('refuses a bad --param before anything runs', async () => {
    const r = await guideRun('autopilot-fail', '--param', 'dir');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--param dir is not name=value');
  });
});
