// `onramp serve` as a user starts it: one URL line, 127.0.0.1 only, clear start-up errors, and a
// clean stop on SIGINT/SIGTERM that ends running steps.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollFor } from '../helpers/poll';
import {
  makeFixtureApp,
  rawRequest,
  repoRoot,
  signedInSocket,
  startServeProcess,
  type ChildServer,
} from '../helpers/server';

let app: ReturnType<typeof makeFixtureApp>;
const started: ChildServer[] = [];

beforeAll(() => {
  app = makeFixtureApp();
});
afterAll(async () => {
  for (const s of started) await s.close();
  app?.cleanup();
});

async function serve(env: Record<string, string> = {}): Promise<ChildServer> {
  const s = await startServeProcess({ ONRAMP_APP_DIR: app.appDir, ...env });
  started.push(s);
  return s;
}

function serveFails(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [join(repoRoot, 'bin/onramp.mjs'), 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, ONRAMP_CONTENT_DIRS: 'tests/fixtures/content', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

const exitOf = (s: ChildServer) =>
  new Promise<{ code: number | null; signal: string | null }>((r) => {
    if (s.process.exitCode !== null || s.process.signalCode !== null)
      r({ code: s.process.exitCode, signal: s.process.signalCode });
    else s.process.once('exit', (code, signal) => r({ code, signal }));
  });

const childrenOf = (pid: number): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(pid);
      } catch {
        return false;
      }
    })
    .map(Number);

describe('onramp serve', () => {
  it('prints exactly one line, with the sign-in URL and a 32-byte base64url token, and serves the app', async () => {
    const s = await serve();
    const lines = s.output().stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Onramp is running at http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(s.token, 'base64url')).toHaveLength(32);
    const page = await rawRequest(s.port, {
      path: '/',
      headers: { host: `127.0.0.1:${s.port}`, authorization: s.authorization },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Onramp fixture');
  });

  it('listens on 127.0.0.1 only (not on 127.0.0.2 or ::1)', async () => {
    const s = await serve();
    const reach = (host: string) =>
      new Promise<string>((r) => {
        const sock = connect({ host, port: s.port }, () => {
          sock.destroy();
          r('open');
        });
        sock.on('error', (err: NodeJS.ErrnoException) => r(err.code ?? 'error'));
      });
    expect(await reach('127.0.0.1')).toBe('open');
    expect(await reach('127.0.0.2')).toBe('ECONNREFUSED');
    expect(await reach('::1')).not.toBe('open');
  });

  it('a port in use is a clear error with the fix', async () => {
    const s = await serve();
    const res = serveFails({ PORT: String(s.port), ONRAMP_APP_DIR: app.appDir });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`port ${s.port} on 127.0.0.1 is already in use`);
    expect(res.stderr).toContain('PORT=0');
    expect(res.stdout).not.toContain('token=');
  });

  it('a missing build says to run npm run build', () => {
    const res = serveFails({ PORT: '0', ONRAMP_APP_DIR: join(app.appDir, 'does-not-exist') });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('run npm run build');
    expect(res.stdout).not.toContain('token=');
  });

  it('a content error is reported with its cause, before anything listens', () => {
    const res = serveFails({
      PORT: '0',
      ONRAMP_APP_DIR: app.appDir,
      ONRAMP_CONTENT_DIRS: 'tests/fixtures/no-such-content',
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("could not read the guide's content: content directory");
    expect(res.stderr).toContain('no-such-content does not exist');
    expect(res.stdout).not.toContain('token=');
  });

  it('a PORT that is not a port is refused', () => {
    const res = serveFails({ PORT: '80a', ONRAMP_APP_DIR: app.appDir });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('PORT="80a" is not a port');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s cancels running steps, closes and exits 0', async (signal) => {
    const s = await serve();
    const socket = await signedInSocket(s);
    const ack = await socket.timeout(5000).emitWithAck('run:start', { stepId: 'count-slowly', params: {} });
    expect(ack.ok).toBe(true);
    const pid = s.process.pid ?? 0;
    const kids = await pollFor('the step process under the server', () => {
      const k = childrenOf(pid);
      return k.length > 0 ? k : undefined;
    });
    const exited = exitOf(s);
    s.process.kill(signal);
    expect(await exited).toEqual({ code: 0, signal: null });
    socket.close();
    await pollFor('the step processes to be gone', () => kids.every((k) => !existsSync(`/proc/${k}`)) || undefined);
  });
});
