// Host key verification against a real sshd: unknown → accept once → known; changed; unreadable.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dom0Target } from '../../protocol/socket-dom0';
import { createSshRunner } from '../../server/runners/ssh';
import { ConnectionPool } from '../../server/ssh/connection-pool';
import { Dom0Error } from '../../server/ssh/dom0-error';
import { startSshd, type Sshd } from '../helpers/sshd';

let sshd: Sshd;
let dir: string;
let target: Dom0Target;

beforeAll(async () => {
  sshd = await startSshd();
  dir = await mkdtemp(join(tmpdir(), 'onramp-hostkeys-'));
  target = { host: sshd.host, port: sshd.port, user: sshd.user, auth: { kind: 'key', path: sshd.keyPath } };
});

afterAll(async () => {
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function connectError(pool: ConnectionPool): Promise<Dom0Error> {
  try {
    await pool.connection(target);
  } catch (err) {
    if (err instanceof Dom0Error) return err;
    throw err;
  } finally {
    await pool.dispose();
  }
  throw new Error('expected the connection to be refused');
}

describe('host keys', () => {
  it('an unknown key is refused with its fingerprint, then accepted once and known from then on', async () => {
    const paths = { user: join(dir, 'u1'), onramp: join(dir, 'o1') };
    const pool = new ConnectionPool({ knownHosts: paths });
    const err = await connectError(pool);
    expect(err.kind).toBe('host-key-unknown');
    expect(err.hostKey).toEqual({
      host: '127.0.0.1',
      port: sshd.port,
      algorithm: 'ED25519',
      fingerprint: sshd.hostFingerprint,
    });
    expect(err.message).toBe(
      `the host key of dom0 (127.0.0.1:${sshd.port}) is not known yet: ED25519 ${sshd.hostFingerprint}. ` +
        "Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` run on dom0's console, then accept it once " +
        `(it is saved in ${paths.onramp}).`,
    );
    await expect(
      pool.acceptHostKey('127.0.0.1', sshd.port, 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    ).rejects.toThrow(
      `the host key of 127.0.0.1:${sshd.port} is ${sshd.hostFingerprint}, not the accepted SHA256:AAAA`,
    );
    await pool.acceptHostKey('127.0.0.1', sshd.port, sshd.hostFingerprint);
    expect(await readFile(paths.onramp, 'utf8')).toBe(`[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    const fresh = new ConnectionPool({ knownHosts: paths });
    const out = await createSshRunner(fresh, target).exec({ argv: ['echo', 'trusted'] });
    expect(out.stdout).toBe('trusted\n');
    await fresh.dispose();
  });

  it('a key already in ~/.ssh/known_hosts (hashed by ssh-keygen -H) is known', async () => {
    const paths = { user: join(dir, 'u2'), onramp: join(dir, 'o2') };
    await writeFile(paths.user, `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', paths.user], { stdio: 'ignore' });
    expect(await readFile(paths.user, 'utf8')).toMatch(/^\|1\|/);
    const pool = new ConnectionPool({ knownHosts: paths });
    expect((await createSshRunner(pool, target).exec({ argv: ['true'] })).exitCode).toBe(0);
    await pool.dispose();
  });

  it('a changed key is refused, naming both fingerprints, the file and line, and the fix', async () => {
    const other = join(dir, 'other_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const otherPub = (await readFile(`${other}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
    const otherFp = execFileSync('ssh-keygen', ['-lf', `${other}.pub`], { encoding: 'utf8' }).split(' ')[1];
    const paths = { user: join(dir, 'u3'), onramp: join(dir, 'o3') };
    await writeFile(paths.user, `# first line\n[127.0.0.1]:${sshd.port} ${otherPub}\n`);
    const err = await connectError(new ConnectionPool({ knownHosts: paths }));
    expect(err.kind).toBe('host-key-changed');
    expect(err.message).toBe(
      `the host key of dom0 (127.0.0.1:${sshd.port}) has CHANGED: ${paths.user} line 2 has ED25519 ${otherFp}, ` +
        `but the server now presents ED25519 ${sshd.hostFingerprint}. Someone may be intercepting the connection, or dom0 was reinstalled. ` +
        `Refusing to connect. If you know dom0 was reinstalled, run \`ssh-keygen -R '[127.0.0.1]:${sshd.port}' -f ${paths.user}\`, ` +
        'then connect again and accept the new key.',
    );
  });

  it('"forget this host" clears a changed key from Onramp\'s file so the new one can be accepted', async () => {
    const paths = { user: join(dir, 'u4'), onramp: join(dir, 'o4') };
    const stale = (await readFile(join(dir, 'other_key.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
    await writeFile(paths.onramp, `[127.0.0.1]:${sshd.port} ${stale}\nunrelated.example ${stale}\n`);
    const pool = new ConnectionPool({ knownHosts: paths });
    expect((await connectError(pool)).message).toContain(`use Onramp's "forget this host"`);
    expect(await pool.forgetHost('127.0.0.1', sshd.port)).toBe(1);
    expect(await readFile(paths.onramp, 'utf8')).toBe(`unrelated.example ${stale}\n`);
    expect((await connectError(pool)).kind).toBe('host-key-unknown');
  });

  it('an unreadable known_hosts fails closed, naming the file and the error', async () => {
    const paths = { user: join(dir, 'u5-is-a-directory'), onramp: join(dir, 'o5') };
    await mkdir(paths.user);
    await writeFile(paths.onramp, `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    const err = await connectError(new ConnectionPool({ knownHosts: paths }));
    expect(err.kind).toBe('known-hosts-unreadable');
    expect(err.message).toBe(
      `cannot check the host key of dom0 (127.0.0.1:${sshd.port}): ${paths.user} could not be read (EISDIR: illegal operation on a directory, read). ` +
        "Refusing to connect without it; fix the file's permissions or contents (or move it aside) and try again.",
    );
  });
});
