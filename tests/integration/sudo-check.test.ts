// Checks that need root in dom0 (xl info runs as root) where the SSH user's sudo asks for a
// password (the test sshd's second user): the check asks every tab once (checks running at once
// share the prompt), a wrong answer is asked again, the right one lets the check run as root, a
// second run needs no prompt, Cancel ends the check saying no password was given, and the time the
// prompt waits does not count against the check's deadline. Real server, real socket.io, real
// sshd and sudo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../protocol/check-catalog';
import type { CheckId } from '../../protocol/ids';
import { ok } from '../../protocol/result';
import type { Ack } from '../../protocol/socket';
import type { CheckSecretPrompt } from '../../protocol/socket-secrets';
import type { Dom0Target } from '../../protocol/socket-dom0';
import type { Verdict } from '../../protocol/verdict';
import { startAppServer, type AppServer } from '../../server/app-server';
import { CheckSecrets } from '../../server/checks/check-secrets';
import { CHECK_DEFINITIONS } from '../../server/checks/defs/index';
import { createCheckService } from '../../server/checks/service';
import type { CheckDefinition } from '../../server/checks/types';
import { createLocalRunner } from '../../server/runners/local';
import { createSshRunner } from '../../server/runners/ssh';
import { RunStore } from '../../server/runs/run-store';
import { hostRunnerProvider } from '../../server/runners/runner-provider';
import { pollFor } from '../helpers/poll';
import { makeFixtureApp, signedInSocket, type OnrampClient, type TestServer } from '../helpers/server';
import { SSHD_SUDO_PW_USER } from '../helpers/sshd';
import { startSshdDom0, type SshdDom0 } from '../helpers/sshd-dom0';

/**
 * A check that runs `id -u` as root in dom0, with a deadline shorter than the prompt's wait in the
 * test but long enough for sudo's own delay after a wrong password (pam_faildelay, about 2 s).
 */
const ROOT_UID = 'dom0-root-uid' as CheckId;
const rootUid: CheckDefinition = {
  id: ROOT_UID as never,
  timeoutMs: 6000,
  async run(ctx) {
    const out = await ctx.exec({ argv: ['id', '-u'], root: true });
    if (out.error !== undefined || out.canceled) return { status: 'error', reason: out.error ?? 'canceled' };
    const uid = out.stdout.trim();
    return uid === '0'
      ? { status: 'passed', found: 'uid 0' }
      : { status: 'error', reason: `id -u said ${JSON.stringify(uid)}: ${out.stderr.trim()}` };
  },
};

let dom0: SshdDom0;
let pwTarget: Dom0Target;
let app: ReturnType<typeof makeFixtureApp>;
let runs: RunStore;
let server: AppServer;
let facts: TestServer;
const received: string[] = [];

async function tab() {
  const socket: OnrampClient = await signedInSocket(facts);
  const prompts: CheckSecretPrompt[] = [];
  const settled: string[] = [];
  socket.onAny((event: string, ...args: unknown[]) => void received.push(JSON.stringify([event, args])));
  socket.on('check:secret-needed', (p) => void prompts.push(p));
  socket.on('check:secret-settled', (m) => void settled.push(m.promptId));
  const check = (checkId: string) =>
    socket.timeout(60_000).emitWithAck('check:run', { checkId }) as Promise<Ack<Verdict>>;
  const answer = (promptId: string, value: string) =>
    socket.timeout(10_000).emitWithAck('check:secret', { promptId, value }) as Promise<Ack<null>>;
  const cancel = (promptId: string) =>
    socket.timeout(10_000).emitWithAck('check:secret-cancel', { promptId }) as Promise<Ack<null>>;
  return { socket, prompts, settled, check, answer, cancel };
}

beforeAll(async () => {
  dom0 = await startSshdDom0();
  pwTarget = { ...dom0.target, user: SSHD_SUDO_PW_USER };
  app = makeFixtureApp();
  runs = new RunStore();
  const host = createLocalRunner();
  const dom0Runner = createSshRunner(dom0.pool, pwTarget);
  const checkSecrets = new CheckSecrets();
  const checks = createCheckService((target) => ok(target === 'dom0' ? dom0Runner : host), {
    progressFile: null,
    askSecret: checkSecrets.ask,
    catalog: {
      ...CHECKS,
      [ROOT_UID]: {
        title: 'root in dom0',
        stage: 'dom0',
        target: 'dom0',
        requires: [],
        required: false,
        chapter: 'dom0',
      },
    },
    definitions: { ...CHECK_DEFINITIONS, [ROOT_UID]: rootUid },
  });
  server = await startAppServer({
    appDir: app.appDir,
    registry: { steps: [], checks: [], chapters: [] },
    runs,
    runners: hostRunnerProvider(host),
    checks,
    checkSecrets,
    port: 0,
  });
  const u = new URL(server.url);
  const token = new URLSearchParams(u.hash.slice(1)).get('token') ?? '';
  facts = {
    url: server.url,
    origin: u.origin,
    port: server.port,
    token,
    authorization: `Bearer ${token}`,
    close: () => server.close(),
  };
}, 60_000);

afterAll(async () => {
  await runs?.dispose();
  await server?.close();
  await dom0?.close();
  app?.cleanup();
});

describe('a check that needs root in dom0 asks for the sudo password in place', () => {
  it('one prompt for two checks at once, in every tab; wrong then right; xl info and id -u run as root', async () => {
    const a = await tab();
    const b = await tab();
    const uid = a.check(ROOT_UID);
    const xen = b.check('xen-running');
    const first = await pollFor('the check prompt', () => a.prompts[0], { timeoutMs: 20_000 });
    expect(first).toMatchObject({
      kind: 'sudo-password',
      target: 'dom0',
      label: `sudo password for ${SSHD_SUDO_PW_USER} in dom0 (127.0.0.1)`,
      attempt: 1,
    });
    expect([ROOT_UID, 'xen-running']).toContain(first.checkId);
    await pollFor('the prompt in the second tab', () => b.prompts.some((p) => p.promptId === first.promptId));
    // The prompt waits longer than the 6 s deadline of dom0-root-uid: the wait does not count.
    const askedAt = Date.now();
    await pollFor('the prompt to wait past the deadline', () => Date.now() - askedAt > 7000, { timeoutMs: 10_000 });
    expect((await b.answer(first.promptId, 'not-it')).ok).toBe(true);
    await pollFor('both tabs to hide the answered prompt', () =>
      [a, b].every((t) => t.settled.includes(first.promptId)),
    );
    const again = await pollFor('the second ask', () => a.prompts[1], { timeoutMs: 20_000 });
    expect(again.attempt).toBe(2);
    expect(again.message).toContain('sudo did not accept that password');
    // Only one prompt at a time even though two checks were refused.
    expect(a.prompts).toHaveLength(2);
    expect((await a.answer(again.promptId, dom0.sshd.password)).ok).toBe(true);

    const uidAck = await uid;
    expect(uidAck).toEqual({ ok: true, value: { status: 'passed', found: 'uid 0' } });
    const xenAck = await xen;
    expect(xenAck.ok).toBe(true);
    // The test sshd has no Xen: past sudo, xl is simply not there (never "sudo needs a password").
    if (xenAck.ok) {
      expect(xenAck.value.status).toBe('failed');
      expect(JSON.stringify(xenAck.value)).toContain('xl was not found in dom0');
      expect(JSON.stringify(xenAck.value)).not.toMatch(/sudo needs a password|could not run/);
    }
    // A prompt answered elsewhere cannot be answered again.
    expect((await b.answer(again.promptId, 'late')).ok).toBe(false);
    a.socket.disconnect();
    b.socket.disconnect();
  }, 90_000);

  it('the held password serves the next check: no prompt', async () => {
    const a = await tab();
    expect(await a.check(ROOT_UID)).toEqual({ ok: true, value: { status: 'passed', found: 'uid 0' } });
    expect(a.prompts).toEqual([]);
    a.socket.disconnect();
  }, 30_000);

  it('Cancel ends the check saying no password was given; a tab that connects while it waits sees the prompt', async () => {
    dom0.pool.forgetSecrets();
    const a = await tab();
    const pending = a.check(ROOT_UID);
    const prompt = await pollFor('the prompt', () => a.prompts[0], { timeoutMs: 20_000 });
    const late = await tab();
    const waiting = (await late.socket.timeout(10_000).emitWithAck('check:prompts')) as Ack<CheckSecretPrompt[]>;
    expect(waiting).toEqual({ ok: true, value: [prompt] });
    expect((await late.cancel(prompt.promptId)).ok).toBe(true);
    const ack = await pending;
    expect(ack.ok && ack.value.status).toBe('error');
    expect(JSON.stringify(ack)).toContain('no password was given');
    a.socket.disconnect();
    late.socket.disconnect();
  }, 60_000);

  it('the password never travelled back to any tab', () => {
    expect(received.length).toBeGreaterThan(0);
    expect(received.filter((m) => m.includes(dom0.sshd.password))).toEqual([]);
    expect(received.filter((m) => m.includes('not-it'))).toEqual([]);
  });
});
