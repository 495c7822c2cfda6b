// Logging in to a real sshd: ssh-agent, a passphrase-protected key, a password, a ~/.ssh/config
// alias, a jump host, and the errors for each way it fails.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dom0Target } from '../../protocol/socket-dom0';
import { parseTargetSpec, targetFromSpec } from '../../server/config/dom0-target';
import { createSshRunner } from '../../server/runners/ssh';
import { ConnectionPool } from '../../server/ssh/connection-pool';
import { Dom0Error } from '../../server/ssh/dom0-error';
import { pollFor } from '../helpers/poll';
import { startSshd, trustedKnownHosts, type Sshd } from '../helpers/sshd';

let sshd: Sshd;
let dir: string;
let knownHosts: { user: string; onramp: string };
let agent: ChildProcess | undefined;
const pools: ConnectionPool[] = [];

beforeAll(async () => {
  sshd = await startSshd();
  const kh = await trustedKnownHosts(sshd);
  dir = kh.dir;
  knownHosts = kh;
});

afterAll(async () => {
  for (const p of pools) await p.dispose();
  agent?.kill('SIGTERM');
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});

function newPool(env: Readonly<Record<string, string>> = {}): ConnectionPool {
  const pool = new ConnectionPool({ knownHosts, env });
  pools.push(pool);
  return pool;
}

async function failure(pool: ConnectionPool, target: Dom0Target): Promise<Dom0Error> {
  const err = await pool.connection(target).then(
    () => new Error('expected the login to fail'),
    (e: unknown) => e,
  );
  if (err instanceof Dom0Error) return err;
  throw err;
}

const whoami = async (pool: ConnectionPool, target: Dom0Target) =>
  (await createSshRunner(pool, target).exec({ argv: ['id', '-un'] })).stdout.trim();

describe('authentication', () => {
  it('uses keys from a real ssh-agent', async () => {
    const key = join(dir, 'agent_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    await sshd.authorize(await readFile(`${key}.pub`, 'utf8'));
    const sock = join(dir, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    await pollFor('the agent socket', () => {
      try {
        execFileSync('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
        return true;
      } catch (err) {
        return (err as { status?: number }).status === 1; // 1 = agent up, no identities yet
      }
    });
    execFileSync('ssh-add', [key], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
    const target: Dom0Target = { host: sshd.host, port: sshd.port, user: sshd.user, auth: { kind: 'agent' } };
    expect(await whoami(newPool({ SSH_AUTH_SOCK: sock }), target)).toBe(sshd.user);
    expect((await failure(newPool({}), target)).message).toContain('SSH_AUTH_SOCK is not set');
  });

  it('asks for the passphrase of a protected key, says when it is wrong, and logs in with it', async () => {
    const key = join(dir, 'locked_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'open sesame', '-f', key]);
    await sshd.authorize(await readFile(`${key}.pub`, 'utf8'));
    const target: Dom0Target = { host: sshd.host, port: sshd.port, user: sshd.user, auth: { kind: 'key', path: key } };
    const pool = newPool();
    const missing = await failure(pool, target);
    expect(missing.kind).toBe('passphrase-needed');
    expect(missing.message).toBe(
      `the key ${key} is protected by a passphrase: enter it to connect to dom0 (onramp-test@127.0.0.1:${sshd.port}).`,
    );
    pool.setSecret(target, 'passphrase', 'wrong');
    const wrong = await failure(pool, target);
    expect([wrong.kind, wrong.message]).toEqual([
      'passphrase-needed',
      `the passphrase for ${key} is wrong: enter it again.`,
    ]);
    pool.setSecret(target, 'passphrase', 'open sesame');
    expect(await whoami(pool, target)).toBe(sshd.user);
  });

  it('asks for a password, says which method failed, and logs in with the right one', async () => {
    const target: Dom0Target = { host: sshd.host, port: sshd.port, user: sshd.user, auth: { kind: 'password' } };
    const pool = newPool();
    expect((await failure(pool, target)).kind).toBe('password-needed');
    pool.setSecret(target, 'password', 'not-the-password');
    const wrong = await failure(pool, target);
    expect(wrong.kind).toBe('auth-failed');
    expect(wrong.message).toBe(
      `dom0 (onramp-test@127.0.0.1:${sshd.port}) refused the login: all configured authentication methods failed (tried a password). Check the password (enter it again).`,
    );
    pool.setSecret(target, 'password', sshd.password);
    expect(await whoami(pool, target)).toBe(sshd.user);
  });

  it('names the key that was refused', async () => {
    const key = join(dir, 'stranger_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const err = await failure(newPool(), {
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      auth: { kind: 'key', path: key },
    });
    expect(err.message).toBe(
      `dom0 (onramp-test@127.0.0.1:${sshd.port}) refused the login: all configured authentication methods failed (tried the public key ${key}). ` +
        'Check that the public key is in ~onramp-test/.ssh/authorized_keys on dom0 and that the user name is right.',
    );
  });

  it('says when nothing listens on the port', async () => {
    const err = await failure(newPool(), {
      host: '127.0.0.1',
      port: 1,
      user: sshd.user,
      auth: { kind: 'key', path: sshd.keyPath },
    });
    expect(err.kind).toBe('unreachable');
    expect(err.message).toBe(
      'dom0 is unreachable: 127.0.0.1 port 1 refused the connection (ECONNREFUSED). Is sshd running in dom0, and is the port right?',
    );
  });

  it('says when the port answers but no SSH server speaks (handshake timeout)', async () => {
    const silent = createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const pool = new ConnectionPool({ knownHosts, readyTimeoutMs: 500 });
      pools.push(pool);
      const err = await failure(pool, {
        host: '127.0.0.1',
        port,
        user: sshd.user,
        auth: { kind: 'key', path: sshd.keyPath },
      });
      expect(err.kind).toBe('unreachable');
      expect(err.message).toBe(
        `dom0 is unreachable: no SSH answer from 127.0.0.1 port ${port} within 0.5 s. Check the address, the port and any firewall.`,
      );
    } finally {
      silent.close();
    }
  });

  it("reads a key path given as ~/… from this user's home, as the Settings page suggests it", async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, '.ssh'), { recursive: true });
    await copyFile(sshd.keyPath, join(home, '.ssh', 'id_ed25519'));
    const before = process.env.HOME;
    process.env.HOME = home;
    try {
      const target: Dom0Target = {
        host: sshd.host,
        port: sshd.port,
        user: sshd.user,
        auth: { kind: 'key', path: '~/.ssh/id_ed25519' },
      };
      expect(await whoami(newPool(), target)).toBe(sshd.user);
    } finally {
      process.env.HOME = before;
    }
  });

  it('resolves a Host alias from an ssh config file like OpenSSH', async () => {
    const config = `Host my-dom0\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.keyPath}\n`;
    const parsed = parseTargetSpec('my-dom0', config);
    if (!parsed.ok) throw new Error(parsed.error);
    const target = targetFromSpec(parsed.value, undefined, {});
    expect(target).toEqual({
      host: '127.0.0.1',
      port: sshd.port,
      user: sshd.user,
      auth: { kind: 'key', path: sshd.keyPath },
    });
    expect(await whoami(newPool(), target)).toBe(sshd.user);
  });

  it('goes through a jump host (ProxyJump), verifying both host keys', async () => {
    const pool = newPool();
    const target: Dom0Target = {
      host: '127.0.0.1',
      port: sshd.port,
      user: sshd.user,
      auth: { kind: 'key', path: sshd.keyPath },
      proxyJump: `${sshd.user}@127.0.0.1:${sshd.port}`,
    };
    expect(await whoami(pool, target)).toBe(sshd.user);
    expect(pool.stats().connects).toBe(2);
  });
});
