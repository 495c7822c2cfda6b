// Contract: the exact dom0 payloads the server accepts and refuses.
import { describe, expect, it } from 'vitest';
import {
  Dom0HostKeyAcceptSchema,
  Dom0SecretSchema,
  Dom0ShellInputSchema,
  Dom0ShellOpenSchema,
  Dom0ShellResizeSchema,
  Dom0TargetSchema,
} from '../../protocol/socket-dom0';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => schema.safeParse(v).success;

describe('dom0 socket payloads', () => {
  it.each<[unknown, boolean]>([
    [{ host: '192.168.56.5', port: 22, user: 'xen', auth: { kind: 'agent' } }, true],
    [
      {
        host: 'dom0.lan',
        port: 2222,
        user: 'me',
        auth: { kind: 'key', path: '/home/me/.ssh/id_ed25519' },
        proxyJump: 'jump@bastion:22',
      },
      true,
    ],
    [{ host: 'fe80::1%eth0', port: 22, user: 'me', auth: { kind: 'password' } }, true],
    [{ host: 'h', port: 22, user: 'me', auth: { kind: 'password', password: 'never here' } }, false],
    [{ host: 'h', port: 22, user: 'me', auth: { kind: 'agent' }, password: 'nor here' }, false],
    [{ host: 'h $(id)', port: 22, user: 'me', auth: { kind: 'agent' } }, false],
    [{ host: 'h', port: 0, user: 'me', auth: { kind: 'agent' } }, false],
    [{ host: 'h', port: 22, user: '-oProxyCommand=x', auth: { kind: 'agent' } }, false],
    [{ host: 'h', port: 22, user: 'me', auth: { kind: 'key' } }, false],
  ])('target %j → %s', (payload, expected) => {
    expect(ok(Dom0TargetSchema, payload)).toBe(expected);
  });

  it('secrets: a known kind and a value', () => {
    expect(ok(Dom0SecretSchema, { kind: 'sudo-password', value: 'x' })).toBe(true);
    expect(ok(Dom0SecretSchema, { kind: 'token', value: 'x' })).toBe(false);
    expect(ok(Dom0SecretSchema, { kind: 'password', value: '' })).toBe(false);
  });

  it('host key acceptance names a SHA256 fingerprint as ssh-keygen prints it', () => {
    expect(ok(Dom0HostKeyAcceptSchema, { fingerprint: 'SHA256:xaI/gJVZ5ue7nQegKRBeAbluaXgvHQFJgbE1VJqS5wI' })).toBe(
      true,
    );
    expect(ok(Dom0HostKeyAcceptSchema, { fingerprint: 'MD5:aa:bb' })).toBe(false);
  });

  it('shell payloads', () => {
    expect(ok(Dom0ShellOpenSchema, { cols: 80, rows: 24 })).toBe(true);
    expect(ok(Dom0ShellOpenSchema, { cols: 80, rows: 24, argv: ['rm'] })).toBe(false);
    expect(ok(Dom0ShellInputSchema, { shellId: 'shell-abcdefgh', data: 'ls\r' })).toBe(true);
    expect(ok(Dom0ShellInputSchema, { shellId: '../x', data: 'ls' })).toBe(false);
    expect(ok(Dom0ShellResizeSchema, { shellId: 'shell-abcdefgh', cols: 1, rows: 24 })).toBe(false);
  });
});
