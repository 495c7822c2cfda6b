// GET /api/checks and /api/progress reflect a check run through a signed-in socket, and still do
// after `onramp serve` restarts with the same config dir (progress.json, written atomically, 0600).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChecksBody } from '../../protocol/checks-api';
import type { Ack } from '../../protocol/socket';
import type { Verdict } from '../../protocol/verdict';
import { CHECKS } from '../../protocol/check-catalog';
import { makeFixtureApp, rawRequest, signedInSocket, startServeProcess, type ChildServer } from '../helpers/server';

let app: ReturnType<typeof makeFixtureApp>;
let configDir: string;
const started: ChildServer[] = [];

beforeAll(() => {
  app = makeFixtureApp();
  configDir = mkdtempSync(join(tmpdir(), 'onramp-progress-'));
});
afterAll(async () => {
  for (const s of started) await s.close();
  app?.cleanup();
  rmSync(configDir, { recursive: true, force: true });
});

async function serve(dir = configDir): Promise<ChildServer> {
  const s = await startServeProcess({
    ONRAMP_APP_DIR: app.appDir,
    ONRAMP_CONFIG_DIR: dir,
    ONRAMP_DATA_DIR: join(dir, 'data'),
  });
  started.push(s);
  return s;
}

async function getJson<T>(server: ChildServer, path: string): Promise<T> {
  const res = await rawRequest(server.port, {
    path,
    headers: { host: `127.0.0.1:${server.port}`, authorization: server.authorization },
  });
  expect(res.status, `${path}: ${res.body}`).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  return JSON.parse(res.body) as T;
}

describe('check progress over HTTP', () => {
  let first: ChildServer;
  let verdict: Verdict;

  beforeAll(async () => {
    first = await serve();
  }, 60_000);

  it('before any check: every catalogue check is listed without a verdict, every chapter is none', async () => {
    const body = await getJson<ChecksBody>(first, '/api/checks');
    expect(body.path).toBe('virtualbox');
    expect(body.checks.map((c) => c.id)).toEqual(Object.keys(CHECKS));
    expect(body.checks.every((c) => c.verdict === undefined)).toBe(true);
    expect(body.checks.find((c) => c.id === 'unikernel-boot')).toMatchObject({
      action: true,
      stage: 'unikernel',
      chapter: 'boot',
      target: 'dom0',
    });
    expect(body.checks.find((c) => c.id === 'virtualbox-version')).toMatchObject({ path: 'virtualbox' });
    const progress = await getJson<{ chapters: Record<string, string> }>(first, '/api/progress');
    expect(progress.chapters['choose-your-path']).toBe('none');
  });

  it('a check run through the socket shows in /api/checks (verdict, time) and /api/progress', async () => {
    const socket = await signedInSocket(first);
    const before = Date.now();
    try {
      const ack = (await socket.timeout(20_000).emitWithAck('check:run', { checkId: 'host-platform' })) as Ack<Verdict>;
      if (!ack.ok) throw new Error(ack.error);
      verdict = ack.value;
    } finally {
      socket.close();
    }
    // This machine is Linux: the guide fits it (passed, or a warning naming its caveat).
    expect(['passed', 'warning']).toContain(verdict.status);
    const body = await getJson<ChecksBody>(first, '/api/checks');
    const entry = body.checks.find((c) => c.id === 'host-platform');
    expect(entry?.verdict).toEqual(verdict);
    expect(entry?.at).toBeGreaterThanOrEqual(before);
    expect(entry?.at).toBeLessThanOrEqual(Date.now());
    expect(body.checks.filter((c) => c.verdict !== undefined).map((c) => c.id)).toEqual(['host-platform']);
    const progress = await getJson<{ chapters: Record<string, string> }>(first, '/api/progress');
    expect(progress.chapters['choose-your-path']).toBe('done');
    expect(progress.chapters.opam).toBe('none');
  });

  it('progress.json is 0600 and no temporary file is left beside it', () => {
    expect(readdirSync(configDir).filter((f) => f !== 'data')).toEqual(['progress.json']);
    expect(statSync(join(configDir, 'progress.json')).mode & 0o777).toBe(0o600);
  });

  it('after a restart with the same config dir the stored verdict is still served', async () => {
    await first.close();
    const second = await serve();
    const body = await getJson<ChecksBody>(second, '/api/checks');
    expect(body.checks.find((c) => c.id === 'host-platform')?.verdict).toEqual(verdict);
    const progress = await getJson<{ chapters: Record<string, string> }>(second, '/api/progress');
    expect(progress.chapters['choose-your-path']).toBe('done');
  }, 60_000);

  it('verdicts are not served to a request without the Bearer token', async () => {
    const server = started.at(-1)!;
    for (const path of ['/api/checks', '/api/progress']) {
      const res = await rawRequest(server.port, { path, headers: { host: `127.0.0.1:${server.port}` } });
      expect(res.status, path).toBe(403);
      expect(res.body).not.toContain('host-platform');
    }
  });

  it('an unknown API route names the routes there are', async () => {
    const server = started.at(-1)!;
    const res = await rawRequest(server.port, {
      path: '/api/nope',
      headers: { host: `127.0.0.1:${server.port}`, authorization: server.authorization },
    });
    expect(res.status).toBe(404);
    expect(res.body).toContain('/api/checks');
  });
});

describe('on the QEMU path (a QEMU machine in the machine store)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onramp-progress-qemu-'));
    mkdirSync(join(dir, 'data/machines'), { recursive: true });
    const machine = {
      name: 'lab',
      driver: 'qemu',
      dir: join(dir, 'data/machines/lab'),
      imageKey: 'x',
      sshPort: 2222,
      sshUser: 'root',
      hostKey: 'ssh-ed25519 AAAA',
      readySnapshot: false,
      createdAt: new Date(0).toISOString(),
    };
    writeFileSync(join(dir, 'data/machines/machines.json'), JSON.stringify({ version: 1, machines: [machine] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('/api/checks says qemu, and "run all" through the socket leaves the VirtualBox-only checks out', async () => {
    const server = await serve(dir);
    expect((await getJson<ChecksBody>(server, '/api/checks')).path).toBe('qemu');
    const socket = await signedInSocket(server);
    const seen = new Set<string>();
    socket.on('check:result', (m) => void seen.add(m.checkId));
    try {
      const ack = (await socket.timeout(120_000).emitWithAck('checks:run-all', {})) as Ack<null>;
      if (!ack.ok) throw new Error(ack.error);
    } finally {
      socket.close();
    }
    const vboxOnly = Object.entries(CHECKS)
      .filter(([, m]) => 'path' in m)
      .map(([id]) => id);
    expect(vboxOnly.length).toBeGreaterThan(0);
    expect([...seen].filter((id) => vboxOnly.includes(id))).toEqual([]);
    expect(seen).toContain('host-platform');
    expect(seen).toContain('dom0-reachable');
    const body = await getJson<ChecksBody>(server, '/api/checks');
    expect(
      body.checks
        .filter((c) => c.verdict !== undefined)
        .map((c) => c.id)
        .sort(),
    ).toEqual([...seen].sort());
  }, 150_000);
});
