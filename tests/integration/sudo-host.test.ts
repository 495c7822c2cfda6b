// Root steps from a server run by a normal user, with real sudo: a throw-away user whose sudo
// asks for a password runs `onramp serve`; the step's prompt is answered over the socket as the
// browser does. The password must reach sudo and nothing else: not the output, the replay, any
// socket message, a file in the config dir, the server's log, or any child's cmdline or environ.
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, RunInfo } from '../../protocol/socket';
import type { RunResult } from '../../protocol/run-result';
import type { RunSecretPrompt } from '../../protocol/socket-secrets';
import { readProcessTable, treeMembers } from '../../server/runners/process-tree';
import { pollFor } from '../helpers/poll';
import {
  makeFixtureApp,
  openSocket,
  signedInSocket,
  startServeProcess,
  type ChildServer,
  type OnrampClient,
} from '../helpers/server';
import { createSudoUser, type SudoUser } from '../helpers/sudo-user';

let user: SudoUser;
let server: ChildServer;
let configDir: string;
/** Where the image-build-as-user step writes its stand-in images (owned by the user). */
let buildOut: string;
let app: ReturnType<typeof makeFixtureApp>;
/** Every message any test socket received, as JSON. */
const received: string[] = [];

/** A signed-in socket that records everything it receives, with its prompts, output and exits. */
async function tab() {
  const socket: OnrampClient = await signedInSocket(server);
  const prompts: RunSecretPrompt[] = [];
  const settled: string[] = [];
  const chunks: { runId: string; offset: number; data: string }[] = [];
  const exits = new Map<string, RunResult>();
  socket.onAny((event: string, ...args: unknown[]) => void received.push(JSON.stringify([event, args])));
  socket.on('run:secret-needed', (p) => void prompts.push(p));
  socket.on('run:secret-settled', (m) => void settled.push(m.promptId));
  socket.on('run:data', (m) => void chunks.push(m));
  socket.on('run:exit', (m) => void exits.set(m.runId, m.result));
  const output = (runId: string) =>
    chunks
      .filter((c) => c.runId === runId)
      .sort((a, b) => a.offset - b.offset)
      .map((c) => c.data)
      .join('');
  const start = async (stepId: string) => {
    const ack = (await socket.timeout(10_000).emitWithAck('run:start', { stepId, params: {} })) as Ack<RunInfo>;
    if (!ack.ok) throw new Error(ack.error);
    return ack.value.runId;
  };
  const answer = (runId: string, promptId: string, value: string) =>
    socket.timeout(10_000).emitWithAck('run:secret', { runId, promptId, value }) as Promise<Ack<null>>;
  const exit = (runId: string) => pollFor(`run ${runId} to exit`, () => exits.get(runId), { timeoutMs: 30_000 });
  return { socket, prompts, settled, output, start, answer, exit };
}

/** Which of the server's processes (itself and every descendant) hold `secret` in cmdline or environ. */
function procLeaks(rootPid: number, secret: string): { pids: number[]; leaks: string[] } {
  const members = treeMembers(readProcessTable(), [rootPid], []);
  const leaks: string[] = [];
  for (const { pid } of members) {
    for (const file of ['cmdline', 'environ']) {
      try {
        if (readFileSync(`/proc/${pid}/${file}`).includes(secret)) leaks.push(`/proc/${pid}/${file}`);
      } catch {
        // ended meanwhile
      }
    }
  }
  return { pids: members.map((m) => m.pid), leaks };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => join(dir, rel))
    .filter((p) => statSync(p).isFile());
}

beforeAll(async () => {
  user = createSudoUser();
  configDir = user.ownedDir('onramp-sudo-config-');
  buildOut = user.ownedDir('onramp-root-build-');
  app = makeFixtureApp();
  chmodSync(dirname(app.appDir), 0o755);
  server = await startServeProcess(
    {
      ONRAMP_APP_DIR: app.appDir,
      ONRAMP_CONFIG_DIR: configDir,
      ONRAMP_DATA_DIR: join(configDir, 'data'),
      HOME: user.home,
      USER: user.name,
      LOGNAME: user.name,
      ONRAMP_TEST_BUILD_OUT: buildOut,
    },
    60_000,
    { uid: user.uid, gid: user.gid },
  );
}, 90_000);

afterAll(async () => {
  await server?.close();
  app?.cleanup();
  user?.remove();
});

describe('host sudo with a password, through the step prompt', () => {
  it('asks in the run, re-asks after a wrong password, runs as root; the password is nowhere else', async () => {
    const a = await tab();
    const runId = await a.start('root-whoami');
    const first = await pollFor('the sudo prompt', () => a.prompts[0], { timeoutMs: 15_000 });
    expect(first).toMatchObject({
      runId,
      kind: 'sudo-password',
      target: 'host',
      label: `sudo password for ${user.name} on this computer`,
      attempt: 1,
    });
    expect(await a.answer(runId, first.promptId, 'not-the-password')).toEqual({ ok: true, value: null });
    const again = await pollFor('the second ask', () => a.prompts[1], { timeoutMs: 15_000 });
    expect(again.attempt).toBe(2);
    expect(again.message).toContain('Sorry, try again.');
    expect(a.settled).toContain(first.promptId);

    // A second tab attached to the run sees the prompt (and the replay), never a secret.
    const b = await tab();
    const attached = (await b.socket
      .timeout(10_000)
      .emitWithAck('run:attach', { runId, fromOffset: 0 })) as Ack<RunInfo>;
    expect(attached.ok).toBe(true);
    expect((await pollFor('the prompt in the second tab', () => b.prompts[0])).promptId).toBe(again.promptId);

    expect(await a.answer(runId, again.promptId, user.password)).toEqual({ ok: true, value: null });
    await pollFor('the root step to print its uid', () => a.output(runId).includes('root step uid=0'), {
      timeoutMs: 15_000,
    });
    // While the step runs (sleep 3): no process of the server's tree holds the password.
    const proc = procLeaks(server.process.pid as number, user.password);
    expect(proc.pids.length).toBeGreaterThan(2);
    expect(proc.leaks).toEqual([]);

    const result = await a.exit(runId);
    expect(result.exitCode).toBe(0);
    expect(a.output(runId)).toContain('root step done');
    expect(a.output(runId)).not.toContain(user.password);
    expect(a.output(runId)).not.toContain('[onramp-sudo-');
    expect(b.output(runId)).not.toContain(user.password);
    // A late tab replays the whole run from the buffer: no password there either.
    const c = await tab();
    await c.socket.timeout(10_000).emitWithAck('run:attach', { runId, fromOffset: 0 });
    await pollFor('the replay', () => c.output(runId).includes('root step done'));
    expect(c.output(runId)).not.toContain(user.password);
    for (const t of [a, b, c]) t.socket.close();
  }, 60_000);

  it('runs a second root step with no prompt (the password is held in memory)', async () => {
    const a = await tab();
    const runId = await a.start('root-whoami');
    const result = await a.exit(runId);
    expect(a.prompts).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(a.output(runId)).toContain('root step uid=0');
    a.socket.close();
  }, 30_000);

  it('asks again after Forget; Cancel at the prompt ends the run as canceled', async () => {
    const a = await tab();
    expect(await a.socket.timeout(5000).emitWithAck('secrets:forget', { target: 'host' })).toEqual({
      ok: true,
      value: { forgotten: 1 },
    });
    const runId = await a.start('root-whoami');
    const prompt = await pollFor('the sudo prompt after Forget', () => a.prompts[0], { timeoutMs: 15_000 });
    expect(await a.socket.timeout(5000).emitWithAck('run:cancel', { runId })).toEqual({ ok: true, value: null });
    const result = await a.exit(runId);
    expect(result.canceled).toBe(true);
    expect(result.message).toMatch(/^canceled after /);
    expect(a.settled).toContain(prompt.promptId);
    // The prompt is gone: a late answer is refused, and the refusal does not repeat the value.
    const late = await a.answer(runId, prompt.promptId, 'late-secret-value');
    expect(late.ok).toBe(false);
    expect(JSON.stringify(late)).not.toContain('late-secret-value');
    a.socket.close();
  }, 30_000);

  it('a page on another origin cannot open the socket, so it can neither see nor answer a prompt', async () => {
    const evil = await openSocket(server.origin, {
      transport: 'websocket',
      headers: { Origin: 'http://evil.example' },
      auth: { token: server.token },
    });
    expect(evil.connected).toBe(false);
    const noToken = await openSocket(server.origin, { transport: 'polling', headers: { Origin: server.origin } });
    expect(noToken.connected).toBe(false);
  });

  it('left the password in no message, no file of the config dir and not in the server log', async () => {
    // progress.json and dom0.json exist (a check ran, a dom0 target was saved) and hold no secret.
    const a = await tab();
    await a.socket.timeout(30_000).emitWithAck('check:run', { checkId: 'opam-version' });
    const saved = (await a.socket.timeout(5000).emitWithAck('dom0:set-target', {
      host: '127.0.0.1',
      port: 22,
      user: user.name,
      auth: { kind: 'password' },
    })) as Ack<unknown>;
    expect(saved.ok).toBe(true);
    a.socket.close();
    const files = filesUnder(configDir);
    expect(files.map((f) => f.slice(configDir.length + 1)).sort()).toEqual(
      expect.arrayContaining(['dom0.json', 'progress.json']),
    );
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(user.password);
    expect(received.length).toBeGreaterThan(10);
    for (const msg of received) expect(msg).not.toContain(user.password);
    const log = server.output();
    expect(log.stdout + log.stderr).not.toContain(user.password);
  }, 40_000);
});

describe('a step run as the user whose command runs sudo (the qemu image build)', () => {
  /** The folder the probe built, from its "built: PATH" line. */
  const builtDir = (output: string) => /built: (\S+)/.exec(output)?.[1];

  it("asks in the step for the sudo sudo runs inside; only the build script runs as root, its output is the user's", async () => {
    const a = await tab();
    await a.socket.timeout(5000).emitWithAck('secrets:forget', { target: 'host' });
    const runId = await a.start('image-build-as-user');
    const prompt = await pollFor('the inner sudo prompt', () => a.prompts[0], { timeoutMs: 30_000 });
    expect(prompt).toMatchObject({
      runId,
      kind: 'sudo-password',
      target: 'host',
      label: `sudo password for ${user.name} on this computer`,
      attempt: 1,
    });
    expect(prompt.message).toMatch(/^A command in this step needs root: sudo asks for/);
    expect(await a.answer(runId, prompt.promptId, user.password)).toEqual({ ok: true, value: null });
    const result = await a.exit(runId);
    const output = a.output(runId);
    expect(result.exitCode, output).toBe(0);
    // The step and the probe run as the user; only the build script ran as root (through run-owned.sh).
    expect(output).toContain(`build step uid=${user.uid}`);
    expect(output).toContain('phase: stand-in image written');
    const dir = builtDir(output);
    expect(dir).toBeDefined();
    expect(readFileSync(join(dir as string, 'built-by-uid'), 'utf8').trim()).toBe('0');
    for (const path of [dir as string, join(dir as string, 'built-by-uid')])
      expect({ path, uid: statSync(path).uid, gid: statSync(path).gid }).toEqual({
        path,
        uid: user.uid,
        gid: user.gid,
      });
    expect(output).not.toContain(user.password);
    expect(output).not.toContain('[onramp-sudo-');
    a.socket.close();
  }, 90_000);

  it('a second build in a new step uses the held password: no prompt', async () => {
    const a = await tab();
    const runId = await a.start('image-build-as-user');
    const result = await a.exit(runId);
    expect(a.prompts).toEqual([]);
    expect(result.exitCode, a.output(runId)).toBe(0);
    expect(statSync(builtDir(a.output(runId)) as string).uid).toBe(user.uid);
    expect(a.output(runId)).not.toContain(user.password);
    a.socket.close();
  }, 90_000);
});
