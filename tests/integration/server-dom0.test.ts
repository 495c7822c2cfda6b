// dom0 through the real `onramp serve` and a real sshd: settings over the socket, the host key
// prompt with sshd's own fingerprint, trust, a dom0 step through run:start, cancel ending the
// remote process, and a dom0 shell echoing typed input. Needs root (tests/helpers/sshd.ts).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dom0HostKeyPrompt } from '../../protocol/socket-dom0';
import { pollFor } from '../helpers/poll';
import {
  makeFixtureApp,
  runStepToExit,
  signedInSocket,
  startServeProcess,
  type ChildServer,
  type OnrampClient,
} from '../helpers/server';
import { startSshd, type Sshd } from '../helpers/sshd';

let sshd: Sshd;
let app: ReturnType<typeof makeFixtureApp>;
let dir: string;
let server: ChildServer;
const sockets: OnrampClient[] = [];
const open = async () => {
  const s = await signedInSocket(server);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  sshd = await startSshd();
  app = makeFixtureApp();
  dir = await mkdtemp(join(tmpdir(), 'onramp-server-dom0-'));
  await writeFile(join(dir, 'user_known_hosts'), '');
  await mkdir(join(dir, 'home', '.ssh'), { recursive: true });
  await writeFile(
    join(dir, 'home', '.ssh', 'config'),
    `Host labdom0\n  HostName ${sshd.host}\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.keyPath}\n`,
  );
  server = await startServeProcess({
    HOME: join(dir, 'home'),
    ONRAMP_APP_DIR: app.appDir,
    ONRAMP_CONFIG_DIR: join(dir, 'config'),
    ONRAMP_SSH_KNOWN_HOSTS: join(dir, 'user_known_hosts'),
  });
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  await sshd?.stop();
  app?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Processes of the test user in dom0 whose command line contains `text`. */
function remoteProcesses(text: string): string[] {
  try {
    return execFileSync('pgrep', ['-u', sshd.user, '-f', '-a', text], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

describe('dom0 through the companion server', () => {
  it('refuses a dom0 step and a malformed target before dom0 is set', async () => {
    const socket = await open();
    expect(await socket.timeout(5000).emitWithAck('dom0:get-target')).toEqual({ ok: true, value: null });
    const refused = await runStepToExit(socket, 'dom0-hello');
    expect(refused.ack).toMatchObject({ ok: false, error: expect.stringContaining('dom0 is not configured') });
    const bad = await socket
      .timeout(5000)
      .emitWithAck('dom0:set-target', { host: 'h; rm -rf /', port: 22, user: 'u', auth: { kind: 'agent' } });
    expect(bad).toMatchObject({
      ok: false,
      error: expect.stringContaining('dom0:set-target: invalid payload at "host"'),
    });
    expect(await socket.timeout(5000).emitWithAck('dom0:secret', { kind: 'password', value: '' })).toMatchObject({
      ok: false,
    });
  });

  it("set target → test shows sshd's host key to the asking socket → trust → test passes", async () => {
    const socket = await open();
    const other = await open();
    const prompts: Dom0HostKeyPrompt[] = [];
    const otherPrompts: Dom0HostKeyPrompt[] = [];
    const connection: string[] = [];
    socket.on('dom0:hostkey', (p) => void prompts.push(p));
    other.on('dom0:hostkey', (p) => void otherPrompts.push(p));
    other.on('dom0:connection', (m) => void connection.push(m.state));
    const target = {
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      auth: { kind: 'key' as const, path: sshd.keyPath },
    };
    expect(await socket.timeout(5000).emitWithAck('dom0:set-target', target)).toEqual({ ok: true, value: target });
    expect(JSON.parse(await readFile(join(dir, 'config', 'dom0.json'), 'utf8'))).toEqual(target);

    const first = await socket.timeout(20_000).emitWithAck('dom0:test');
    expect(first).toMatchObject({
      ok: true,
      value: { ok: false, kind: 'host-key-unknown', hostKey: { fingerprint: sshd.hostFingerprint } },
    });
    await pollFor('the dom0:hostkey prompt', () => prompts[0]);
    expect(prompts[0]).toEqual({
      host: sshd.host,
      port: sshd.port,
      algorithm: 'ED25519',
      fingerprint: sshd.hostFingerprint,
    });
    expect(otherPrompts).toEqual([]);

    const wrong = await socket
      .timeout(5000)
      .emitWithAck('dom0:hostkey-accept', { fingerprint: `SHA256:${'A'.repeat(43)}` });
    expect(wrong).toMatchObject({ ok: false, error: expect.stringContaining(sshd.hostFingerprint) });
    expect(
      await socket.timeout(5000).emitWithAck('dom0:hostkey-accept', { fingerprint: sshd.hostFingerprint }),
    ).toEqual({ ok: true, value: null });
    expect(await readFile(join(dir, 'config', 'known_hosts'), 'utf8')).toContain(sshd.hostPublicKey);

    const second = await socket.timeout(20_000).emitWithAck('dom0:test');
    expect(second).toMatchObject({
      ok: true,
      value: { ok: true, whoami: sshd.user, uname: expect.stringMatching(/^Linux /) },
    });
    await pollFor('dom0:connection "connected" broadcast to the other tab', () => connection.includes('connected'));
  }, 60_000);

  it('runs dom0-hello in dom0 through run:start', async () => {
    const socket = await open();
    const out = await runStepToExit(socket, 'dom0-hello', {}, 30_000);
    expect(out.ack).toMatchObject({ ok: true, value: { stepId: 'dom0-hello' } });
    expect(out.output).toContain('dom0 says hi');
    expect(out.output).toContain('Linux');
    expect(out.result).toMatchObject({ exitCode: 0, canceled: false });
  }, 40_000);

  it('cancel of dom0-count-slowly ends the remote process', async () => {
    const socket = await open();
    const text: string[] = [];
    let canceled: boolean | undefined;
    socket.on('run:data', (m) => void text.push(m.data));
    socket.on('run:exit', (m) => void (canceled = m.result.canceled));
    const ack = await socket.timeout(20_000).emitWithAck('run:start', { stepId: 'dom0-count-slowly', params: {} });
    if (!ack.ok) throw new Error(ack.error);
    await pollFor('dom0 ticks', () => text.join('').includes('dom0 tick 3'), { timeoutMs: 20_000 });
    expect(remoteProcesses('dom0 tick').length).toBeGreaterThan(0);
    expect(await socket.timeout(5000).emitWithAck('run:cancel', { runId: ack.value.runId })).toEqual({
      ok: true,
      value: null,
    });
    await pollFor('run:exit canceled', () => canceled, { timeoutMs: 10_000 });
    expect(canceled).toBe(true);
    await pollFor('the remote loop to be gone', () => remoteProcesses('dom0 tick').length === 0, { timeoutMs: 10_000 });
  }, 40_000);

  it('opens a dom0 shell that echoes typed input, only for its socket, and closes it on disconnect', async () => {
    const socket = await open();
    const stranger = await open();
    let output = '';
    const strangerData: string[] = [];
    socket.on('dom0:shell-data', (m) => void (output += m.data));
    stranger.on('dom0:shell-data', (m) => void strangerData.push(m.data));
    const opened = await socket.timeout(20_000).emitWithAck('dom0:shell-open', { cols: 100, rows: 30 });
    if (!opened.ok) throw new Error(opened.error);
    const { shellId } = opened.value;
    stranger.emit('dom0:shell-input', { shellId, data: 'echo stranger-$((2*3))\n' });
    socket.emit('dom0:shell-input', { shellId, data: 'echo typed-$((6*7)); sleep 300 # shell-marker\n' });
    await pollFor('typed-42 from the dom0 shell', () => output.includes('typed-42'), { timeoutMs: 15_000 });
    expect(output).not.toContain('stranger-6');
    expect(strangerData).toEqual([]);
    await pollFor("the shell's sleep in dom0", () => remoteProcesses('sleep 300').length > 0);
    socket.close();
    await pollFor('the shell to end when its socket went away', () => remoteProcesses('sleep 300').length === 0, {
      timeoutMs: 10_000,
    });
  }, 40_000);

  it('sets the target from a ~/.ssh/config alias and connects with it', async () => {
    const socket = await open();
    expect(
      await socket
        .timeout(5000)
        .emitWithAck('dom0:set-target', { host: '127.0.0.9', port: 1, user: 'nobody', auth: { kind: 'agent' } }),
    ).toMatchObject({ ok: true });
    const set = await socket.timeout(5000).emitWithAck('dom0:set-alias', { alias: 'labdom0' });
    expect(set).toEqual({
      ok: true,
      value: { host: sshd.host, port: sshd.port, user: sshd.user, auth: { kind: 'key', path: sshd.keyPath } },
    });
    expect(await socket.timeout(20_000).emitWithAck('dom0:test')).toMatchObject({
      ok: true,
      value: { ok: true, whoami: sshd.user },
    });
    expect(await socket.timeout(5000).emitWithAck('dom0:set-alias', { alias: 'bad host;id' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('is not a dom0 target'),
    });
  }, 40_000);
});
