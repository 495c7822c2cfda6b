// The service the socket layer calls, against a real sshd: settings file, test → host key
// prompt → accept → ok, secrets in memory only, and an interactive login shell.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool } from '../../server/ssh/connection-pool';
import { Dom0Service } from '../../server/ssh/dom0-service';
import { pollFor } from '../helpers/poll';
import { startSshd, type Sshd } from '../helpers/sshd';

let sshd: Sshd;
let dir: string;
let service: Dom0Service;

beforeAll(async () => {
  sshd = await startSshd();
  dir = await mkdtemp(join(tmpdir(), 'onramp-dom0svc-'));
  const pool = new ConnectionPool({
    knownHosts: { user: join(dir, 'user_known_hosts'), onramp: join(dir, 'known_hosts') },
  });
  service = new Dom0Service({ pool, targetPath: join(dir, 'dom0.json') });
});

afterAll(async () => {
  await service?.dispose();
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('Dom0Service', () => {
  it('stores the target in dom0.json (0600) and refuses a malformed one', async () => {
    expect(await service.getTarget()).toBeNull();
    expect(service.currentRunner()).toBeUndefined();
    await expect(
      service.setTarget({ host: 'h; rm -rf /', port: 22, user: 'u', auth: { kind: 'agent' } }),
    ).rejects.toThrow('a host is a name or an IP address');
    const target = { host: sshd.host, port: sshd.port, user: sshd.user, auth: { kind: 'password' } };
    expect(await service.setTarget(target)).toEqual(target);
    expect(JSON.parse(await readFile(join(dir, 'dom0.json'), 'utf8'))).toEqual(target);
    expect((await stat(join(dir, 'dom0.json'))).mode & 0o777).toBe(0o600);
  });

  it('test: asks for the password, then shows the host key, then connects after both', async () => {
    const first = await service.test();
    expect(first).toMatchObject({ ok: false, kind: 'password-needed' });
    await service.setSecret({ kind: 'password', value: sshd.password });
    const second = await service.test();
    expect(second).toMatchObject({
      ok: false,
      kind: 'host-key-unknown',
      hostKey: { fingerprint: sshd.hostFingerprint, algorithm: 'ED25519' },
    });
    await service.acceptHostKey({ fingerprint: sshd.hostFingerprint });
    const third = await service.test();
    expect(third).toMatchObject({ ok: true, whoami: sshd.user, serverVersion: expect.stringMatching(/^OpenSSH_/) });
    expect(third.ok && third.uname).toMatch(/^Linux /);
    const runner = service.currentRunner();
    expect(runner?.kind).toBe('dom0');
    expect((await runner?.exec({ argv: ['echo', 'via provider'] }))?.stdout).toBe('via provider\n');
    const onDisk =
      (await readFile(join(dir, 'dom0.json'), 'utf8')) + (await readFile(join(dir, 'known_hosts'), 'utf8'));
    expect(onDisk).not.toContain(sshd.password);
  });

  it('opens an interactive login shell, takes input and resizes, and closes it', async () => {
    const events: Array<{ event: string; data?: string; message?: string }> = [];
    const { shellId } = await service.openShell({ cols: 100, rows: 30 }, (event, msg) => {
      events.push({ event, ...msg });
    });
    expect(shellId).toMatch(/^shell-/);
    const output = () =>
      events
        .filter((e) => e.event === 'dom0:shell-data')
        .map((e) => e.data)
        .join('');
    service.shellInput({ shellId, data: 'echo "sum-$((40+2))"; stty size\n' });
    await pollFor('the shell to answer', () => output().includes('sum-42') && output().includes('30 100'));
    service.shellResize({ shellId, cols: 120, rows: 40 });
    service.shellInput({ shellId, data: 'stty size\n' });
    await pollFor('the new size', () => output().includes('40 120'));
    service.shellClose({ shellId });
    await pollFor('the shell to exit', () => events.some((e) => e.event === 'dom0:shell-exit'));
    expect(events.find((e) => e.event === 'dom0:shell-exit')?.message).toMatch(/^canceled after/);
  });
});
