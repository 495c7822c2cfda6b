import { transportFailure } from '../../server/ssh/open-connection';
import { describe, expect, it } from 'vitest';
import type { Dom0Target } from '../../protocol/socket-dom0';
import { classifyConnectError, connectionLostError, Dom0Error } from '../../server/ssh/dom0-error';
import { Semaphore } from '../../server/ssh/semaphore';

const key: Dom0Target = {
  host: '192.168.56.5',
  port: 22,
  user: 'xen',
  auth: { kind: 'key', path: '/home/u/.ssh/id_ed25519' },
};
const agent: Dom0Target = { ...key, auth: { kind: 'agent' } };
const ipv6: Dom0Target = { ...key, host: 'fe80::1', port: 2222 };
const errno = (code: string, message = code) => Object.assign(new Error(message), { code });
const level = (lvl: string, message: string) => Object.assign(new Error(message), { level: lvl });

describe('classifyConnectError', () => {
  it.each<[string, unknown, Dom0Target, string, string]>([
    [
      'refused',
      errno('ECONNREFUSED'),
      key,
      'unreachable',
      'dom0 is unreachable: 192.168.56.5 port 22 refused the connection (ECONNREFUSED). Is sshd running in dom0, and is the port right?',
    ],
    [
      'no route',
      errno('EHOSTUNREACH'),
      key,
      'unreachable',
      'dom0 is unreachable: cannot reach 192.168.56.5 port 22 (EHOSTUNREACH). Check the address and that dom0 is running.',
    ],
    [
      'unknown name',
      errno('ENOTFOUND'),
      key,
      'unreachable',
      'dom0 is unreachable: cannot reach 192.168.56.5 port 22 (ENOTFOUND). Check the address and that dom0 is running.',
    ],
    [
      'handshake timeout',
      level('client-timeout', 'Timed out while waiting for handshake'),
      key,
      'unreachable',
      'dom0 is unreachable: no SSH answer from 192.168.56.5 port 22 within 20 s. Check the address, the port and any firewall.',
    ],
    [
      'agent keys refused',
      level('client-authentication', 'All configured authentication methods failed'),
      agent,
      'auth-failed',
      'dom0 (xen@192.168.56.5:22) refused the login: all configured authentication methods failed (tried public keys from the SSH agent (SSH_AUTH_SOCK)). Check that the public key is in ~xen/.ssh/authorized_keys on dom0 and that the user name is right.',
    ],
    [
      'a .pub given as key',
      new Error('Cannot parse privateKey: Unsupported key format'),
      key,
      'key-unreadable',
      '/home/u/.ssh/id_ed25519 is not a private key Onramp can read (Cannot parse privateKey: Unsupported key format). Use an OpenSSH private key file (not the .pub).',
    ],
    ['anything else', new Error('boom'), ipv6, 'other', 'cannot connect to dom0 (xen@[fe80::1]:2222): boom'],
  ])('%s', (_name, err, target, kind, message) => {
    const classified = classifyConnectError(err, target, 20_000);
    expect([classified.kind, classified.message]).toEqual([kind, message]);
    expect(classified.cause).toBe(err);
  });

  it('keeps a Dom0Error as it is', () => {
    const e = new Dom0Error('host-key-changed', 'x');
    expect(classifyConnectError(e, key, 1)).toBe(e);
  });

  it('names dom0 when the connection is lost', () => {
    expect(connectionLostError(key, 'no answer to 3 keepalives sent every 10 s').message).toBe(
      'lost the connection to dom0 (xen@192.168.56.5:22): no answer to 3 keepalives sent every 10 s. The next step or check reconnects by itself.',
    );
  });
});

describe('Semaphore', () => {
  it('lets N in, queues the rest in order, and a double release frees one slot only', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const third = s.acquire().then((r) => {
      order.push(3);
      return r;
    });
    const fourth = s.acquire().then((r) => {
      order.push(4);
      return r;
    });
    expect([s.inUse, s.queued]).toEqual([2, 2]);
    r1();
    r1();
    const r3 = await third;
    expect([s.inUse, s.queued, order]).toEqual([2, 1, [3]]);
    r2();
    (await fourth)();
    r3();
    expect([s.inUse, s.queued, order]).toEqual([0, 0, [3, 4]]);
  });
});

describe('a transport failure named', () => {
  it("ssh2's empty OpenSSL error from the AES-GCM tag check says the packet failed its integrity check", () => {
    expect(transportFailure('error:00000000:lib(0)::reason(0)')).toBe(
      'a packet from dom0 failed its integrity check (AES-GCM tag mismatch, ssh2 said "error:00000000:lib(0)::reason(0)")',
    );
    expect(transportFailure('Invalid MAC')).toBe('Invalid MAC');
  });
});
