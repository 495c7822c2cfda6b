// The chapter autopilot through the real socket server, the run store and the SSH runner against a
// real sshd on loopback ("dom0"), on fixture chapters (tests/fixtures/autopilot): the order the
// steps really ran in (each appends to a file), a step skipped because its check passes, a manual
// stop continued by the reader, a parameter asked for and answered (a refused answer asked again),
// a "reboot" during which the sshd is killed and restarted (the autopilot waits and reconnects with
// the pinned host key), a failing step stopping with its output and fix, a failing check stopping
// with the check's fix, a second start joining, cancel, and a reconnecting client getting the whole
// state back. Needs root (tests/helpers/sshd.ts).
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../lib/content/index';
import { startAppServer, type AppServer } from '../../server/app-server';
import { AutopilotService } from '../../server/autopilot/executor';
import { createCheckService } from '../../server/checks/service';
import { createLocalRunner } from '../../server/runners/local';
import { RunStore } from '../../server/runs/run-store';
import { autopilotFeature } from '../../server/socket/autopilot-handlers';
import { runCheck } from '../../server/socket/check-handlers';
import { createSshRunner } from '../../server/runners/ssh';
import type { TargetRunner } from '../../server/runners/types';
import { hostRunnerProvider } from '../../server/runners/runner-provider';
import { AutopilotClient, itemLines } from '../helpers/autopilot-client';
import { pollFor } from '../helpers/poll';
import { makeFixtureApp, signedInSocket, type OnrampClient, type TestServer } from '../helpers/server';
import { SSHD_PASSWORD, SSHD_SUDO_PW_USER } from '../helpers/sshd';
import { startSshdDom0, type SshdDom0 } from '../helpers/sshd-dom0';

const FIXTURES = join(import.meta.dirname, '../fixtures/autopilot');

let dom0: SshdDom0;
/** The runner dom0 steps use: the sshd's passwordless-sudo user, or (sudo test) the one sudo asks a password of. */
let dom0Runner: TargetRunner;
let app: ReturnType<typeof makeFixtureApp>;
let dir: string;
let runs: RunStore;
let service: AutopilotService;
let server: AppServer;
let facts: TestServer;
const sockets: OnrampClient[] = [];

async function client(): Promise<AutopilotClient> {
  const socket = await signedInSocket(facts);
  sockets.push(socket);
  return new AutopilotClient(socket);
}

const order = async () => (await readFile(join(dir, 'order'), 'utf8').catch(() => '')).trim().split('\n');

beforeAll(async () => {
  dom0 = await startSshdDom0();
  app = makeFixtureApp();
  dir = await mkdtemp(join(tmpdir(), 'onramp-autopilot-'));
  await chmod(dir, 0o777); // the sshd's user writes here
  const { registry } = await loadContent([FIXTURES]);
  runs = new RunStore();
  dom0Runner = dom0.runner;
  const runners = hostRunnerProvider(createLocalRunner(), () => dom0Runner);
  const checks = createCheckService(runners, { progressFile: null });
  let io: AppServer['io'] | undefined;
  service = new AutopilotService({
    registry,
    runs,
    runners,
    runCheck: (id) => (io ? runCheck(io, checks, id) : checks.run(id)),
    defaultPath: async () => 'qemu',
    // the fixture's "boot id" is a file its reboot step rewrites (a restarted sshd keeps the kernel's)
    reboot: { probe: ['cat', join(dir, 'boot-id')], intervalMs: 300, probeTimeoutMs: 5000, deadlineMs: 60_000 },
  });
  const feature = autopilotFeature(service);
  server = await startAppServer({
    appDir: app.appDir,
    registry,
    runs,
    runners,
    checks,
    port: 0,
    socketFeatures: [feature.feature],
  });
  io = server.io;
  const url = new URL(server.url);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  facts = {
    url: server.url,
    origin: url.origin,
    port: server.port,
    token,
    authorization: `Bearer ${token}`,
    close: () => server.close(),
  };
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await service?.dispose();
  await runs?.dispose();
  await server?.close();
  await dom0?.close();
  app?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the autopilot over the socket, dom0 a real sshd', () => {
  it('runs the chapter in order: skip, manual stop, asked parameter, a reboot waited through', async () => {
    const tab = await client();
    const params = { dir };
    const { state: first, joined } = await tab.start({ chapter: 'autopilot-ok', params });
    expect(joined).toBe(false);
    const id = first.autopilotId;

    // a second start of the same chapter joins it (one autopilot per chapter)
    const again = await (await client()).start({ chapter: 'autopilot-ok', params });
    expect(again.joined).toBe(true);
    expect(again.state.autopilotId).toBe(id);

    // `label` has no default and no source: asked before anything runs
    const asked = await tab.waitFor(id, 'to ask for label', (s) => s.waiting?.kind === 'params');
    expect(asked.waiting).toEqual({
      kind: 'params',
      params: [{ name: 'label', kinds: ['name'], steps: ['ap-answer'] }],
    });
    expect(await order()).toEqual(['']);
    const refused = await tab.answer(id, { label: 'Not A Name' });
    expect(refused.ok && refused.value.waiting).toEqual({
      kind: 'params',
      params: [
        {
          name: 'label',
          kinds: ['name'],
          steps: ['ap-answer'],
          problem: 'a name is lowercase letters, digits, _ and -',
        },
      ],
    });
    expect((await tab.answer(id, { nope: 'x' })).ok).toBe(false);
    expect((await tab.answer(id, { label: 'blue' })).ok).toBe(true);

    // the manual step: the autopilot stops and says what to do, runs nothing until told
    const manual = await tab.waitFor(id, 'to stop at the manual step', (s) => s.waiting?.kind === 'manual');
    expect(manual.waiting).toEqual({
      kind: 'manual',
      stepId: 'ap-by-hand',
      text: 'Plug the second network cable in by hand, then continue',
    });
    expect(await order()).toEqual(['first']);
    expect(itemLines(manual).slice(0, 4)).toEqual([
      'dom0-reachable passed',
      'ap-first passed',
      'ap-done-already satisfied',
      'ap-by-hand waiting',
    ]);
    expect(manual.items[2]?.note).toMatch(/^already done: dom0-reachable passes \(dom0: Linux /);
    expect((await tab.continueManual(id)).ok).toBe(true);

    // the reboot step: kill the sshd under it (the connection drops), start it again later
    await pollFor('the reboot step to have started', async () => (await order()).includes('reboot'), {
      timeoutMs: 30_000,
    });
    await dom0.sshd.kill();
    const waiting = await tab.waitFor(id, 'to wait for dom0 after the reboot', (s) => s.waiting?.kind === 'reboot');
    expect(waiting.items.find((i) => i.kind === 'step' && i.stepId === 'ap-reboot')?.state).toBe('waiting');
    // dom0 stays away for a few tries, then comes back with the same (pinned) host key
    await pollFor(
      'a few failed tries',
      () => Date.now() - (waiting.waiting?.kind === 'reboot' ? waiting.waiting.since : 0) > 1500,
      {
        timeoutMs: 5000,
      },
    );
    await dom0.sshd.restart();

    const done = await tab.ended(id, 60_000);
    expect(done.status, JSON.stringify(done.failure)).toBe('passed');
    expect(itemLines(done)).toEqual([
      'dom0-reachable passed',
      'ap-first passed',
      'ap-done-already satisfied',
      'ap-by-hand done-by-hand',
      'ap-answer passed',
      'ap-reboot passed',
      'ap-after passed',
    ]);
    expect(done.items[5]?.note).toMatch(/^dom0 back after \d+\.\d s \(new boot\)$/);
    // what really ran, in order: the satisfied and manual steps never ran
    expect(await order()).toEqual(['first', 'answer blue', 'reboot', 'after']);
    // each step's run is in the run store (replayable like a clicked step)
    const answerItem = done.items[4];
    expect(answerItem?.runId).toMatch(/^run-/);
    expect(runs.get(answerItem!.runId!)?.stepId).toBe('ap-answer');
  }, 120_000);

  it('stops at the first failing step with its output and a fix; later steps never run', async () => {
    const tab = await client();
    const { state } = await tab.start({ chapter: 'autopilot-fail', params: { dir } });
    const done = await tab.ended(state.autopilotId);
    expect(done.status).toBe('failed');
    expect(itemLines(done)).toEqual(['ap-fail-ok passed', 'ap-fail-boom failed', 'ap-fail-never pending']);
    expect(done.current).toBe(1);
    expect(done.failure).toMatchObject({
      index: 1,
      reason: expect.stringMatching(/^step ap-fail-boom exited with code 4 in /),
      fix: {
        summary: expect.stringContaining('Fix that, then run the chapter again from this step'),
        commands: ['onramp guide run autopilot-fail --from ap-fail-boom'],
        link: '/guide/autopilot-fail',
      },
    });
    expect(done.failure?.output).toContain('checking the disk');
    expect(done.failure?.output).toContain('the disk is full: boom');
    expect(done.failure?.runId).toBe(done.items[1]?.runId);
    expect(await order()).not.toContain('never');
  }, 60_000);

  it("stops at a failing check with the check's own fix", async () => {
    const tab = await client();
    const { state } = await tab.start({ chapter: 'autopilot-check', params: { dir } });
    const done = await tab.ended(state.autopilotId);
    expect(done.status).toBe('failed');
    expect(itemLines(done)).toEqual(['ap-check-ok passed', 'xen-running failed', 'ap-check-never pending']);
    const verdict = done.items[1]?.verdict;
    expect(verdict?.status).toBe('failed');
    expect(done.failure?.reason).toMatch(/^check xen-running \(.+\) did not pass: /);
    expect(done.failure?.fix).toEqual(verdict?.status === 'failed' ? verdict.fix : undefined);
    expect(done.failure?.fix?.link).toMatch(/^\/guide\/troubleshooting#/);
  }, 60_000);

  it('a reconnecting tab gets every autopilot back (autopilot:list), with the same items', async () => {
    const before = service.list();
    expect(before.length).toBeGreaterThanOrEqual(3);
    const fresh = await client();
    const listed = await fresh.list();
    expect(listed.ok).toBe(true);
    if (!listed.ok) return;
    expect(listed.value.map((s) => [s.chapter, s.status])).toEqual(before.map((s) => [s.chapter, s.status]));
    expect(listed.value.map((s) => s.seq)).toEqual(before.map((s) => s.seq));
  });

  it('remembers an earlier answer; cancel at the manual stop ends it canceled, the rest pending', async () => {
    const tab = await client();
    const { state } = await tab.start({ chapter: 'autopilot-ok', params: { dir } });
    const id = state.autopilotId;
    // `label` was answered in the first run of this server: no ask this time
    const answerStep = state.items.find((i) => i.kind === 'step' && i.stepId === 'ap-answer');
    expect(answerStep?.kind === 'step' && answerStep.params).toContainEqual({
      name: 'label',
      kind: 'name',
      value: 'blue',
      source: 'remembered',
    });
    await tab.waitFor(id, 'to stop at the manual step', (s) => s.waiting?.kind === 'manual');
    const canceled = await tab.cancel(id);
    expect(canceled.ok).toBe(true);
    const done = await tab.ended(id);
    expect(done.status).toBe('canceled');
    expect(itemLines(done).slice(3)).toEqual([
      'ap-by-hand canceled',
      'ap-answer pending',
      'ap-reboot pending',
      'ap-after pending',
    ]);
    expect((await tab.cancel(id)).ok).toBe(false);
    expect((await tab.continueManual(id)).ok).toBe(false);
  }, 30_000);

  it("a root step's sudo prompt reaches the tab attached to its run; the answer goes on, never shown", async () => {
    dom0Runner = createSshRunner(dom0.pool, { ...dom0.target, user: SSHD_SUDO_PW_USER });
    try {
      const tab = await client();
      tab.answerSecretsWith(SSHD_PASSWORD);
      const { state } = await tab.start({ chapter: 'autopilot-sudo' });
      const done = await tab.ended(state.autopilotId);
      expect(done.status, JSON.stringify(done.failure)).toBe('passed');
      const waited = tab.history.find((s) => s.autopilotId === state.autopilotId && s.waiting?.kind === 'secret');
      expect(waited?.waiting).toEqual({
        kind: 'secret',
        runId: done.items[0]?.runId,
        label: expect.stringContaining(SSHD_SUDO_PW_USER),
      });
      expect(JSON.stringify(tab.history)).not.toContain(SSHD_PASSWORD);
      // the step really ran as root: its output (replayed from the run store) says uid=0
      const runId = done.items[0]?.runId;
      expect(runId).toBeDefined();
      let output = '';
      runs.attach(runId!, 'test-reader', { data: (_o, c) => void (output += c), gap: () => {}, exit: () => {} }, 0);
      expect(output).toContain('dom0 root uid=0');
      expect(output).not.toContain(SSHD_PASSWORD);
    } finally {
      dom0Runner = dom0.runner;
    }
  }, 60_000);

  it('refuses a chapter that does not exist, and a payload that is not one', async () => {
    const tab = await client();
    await expect(tab.start({ chapter: 'nope' })).rejects.toThrow(
      /autopilot:start refused: no chapter "nope" in the guide; expected one of autopilot-ok, autopilot-fail, autopilot-check, autopilot-sudo/,
    );
  });
});
