// The generic driver's bridge to the autopilot executor, over a real sshd on loopback ("the
// machine") with the autopilot's fixture chapters: a root step whose sudo asks for a password gets
// it from the terminal's asker, each chapter is reported as it ends, and a failing step stops the
// run with the step, its command, the end of its output and the command to run again; a check
// that needs sudo asks the terminal as well.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../lib/content/index';
import type { StepRegistry } from '../../protocol/steps';
import { autopilotGuideRunner } from '../../server/machine/generic/run-guide';
import { progressTo } from '../../server/machine/progress';
import { createSshRunner } from '../../server/runners/ssh';
import type { SecretRequest } from '../../server/runners/types';
import { ConnectionPool } from '../../server/ssh/connection-pool';
import { SSHD_PASSWORD, SSHD_SUDO_PW_USER } from '../helpers/sshd';
import { startSshdDom0, type SshdDom0 } from '../helpers/sshd-dom0';

const RERUN = 'onramp machine create --driver generic --ssh onramp-test-pw@127.0.0.1 spare';
let dom0: SshdDom0;
let registry: StepRegistry;

beforeAll(async () => {
  dom0 = await startSshdDom0();
  registry = (await loadContent([join(import.meta.dirname, '../fixtures/autopilot')])).registry;
});

afterAll(async () => {
  await dom0?.close();
});

describe('the generic driver runs chapters through the autopilot executor', () => {
  it('answers sudo from the terminal, reports each chapter, and stops at a failing step with its command and output', async () => {
    const pool = new ConnectionPool({ knownHosts: dom0.knownHosts });
    const target = { ...dom0.target, user: SSHD_SUDO_PW_USER };
    const asked: SecretRequest[] = [];
    const lines: string[] = [];
    try {
      const outcome = await autopilotGuideRunner(RERUN)({
        registry,
        requests: [
          { chapter: 'autopilot-sudo', path: 'virtualbox', tabs: [], params: {} },
          { chapter: 'autopilot-fail', path: 'virtualbox', tabs: [], params: { dir: '/tmp' } },
        ],
        runner: createSshRunner(pool, target),
        pool,
        target,
        progress: progressTo((l) => {
          lines.push(l.trimEnd());
        }),
        askSecret: (req) => {
          asked.push(req);
          return Promise.resolve(SSHD_PASSWORD);
        },
      });
      expect(asked.map((r) => r.kind)).toEqual(['sudo-password']);
      expect(lines.join('\n')).toMatch(/autopilot-sudo: ap-sudo-whoami: passed/);
      expect(lines.join('\n')).toMatch(/autopilot-fail: ap-fail-ok: passed/);
      expect(lines.join('\n')).toMatch(/autopilot-fail: ap-fail-boom: FAILED/);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      const text = outcome.message;
      expect(text).toMatch(
        /^chapter "Autopilot fixture, a failing step" stopped at step ap-fail-boom: step ap-fail-boom/,
      );
      expect(text).toContain('command (from ');
      expect(text).toContain('  exit 4');
      expect(text).toContain('the disk is full: boom');
      expect(text).toContain(`then run again (the steps already done are skipped): ${RERUN}`);
      expect(text).not.toContain(SSHD_PASSWORD);
    } finally {
      await pool.dispose();
    }
  });

  it("a chapter's check that needs sudo asks the terminal when no password is held (it expired, or no step asked yet)", async () => {
    const pool = new ConnectionPool({ knownHosts: dom0.knownHosts });
    const target = { ...dom0.target, user: SSHD_SUDO_PW_USER };
    const asked: SecretRequest[] = [];
    try {
      const outcome = await autopilotGuideRunner(RERUN)({
        registry,
        requests: [{ chapter: 'autopilot-check', path: 'virtualbox', tabs: [], params: { dir: '/tmp' } }],
        runner: createSshRunner(pool, target),
        pool,
        target,
        progress: progressTo(() => {}),
        askSecret: (req) => {
          asked.push(req);
          return Promise.resolve(SSHD_PASSWORD);
        },
      });
      // xen-running's `xl info` as root: sudo asked (the terminal answered), then the test sshd has no Xen
      expect(asked.map((r) => r.kind)).toEqual(['sudo-password']);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.message).toMatch(/stopped at check xen-running: .*xl was not found in dom0/);
      expect(outcome.message).not.toContain('sudo needs a password');
      expect(outcome.message).not.toContain(SSHD_PASSWORD);
    } finally {
      await pool.dispose();
    }
  });
});
