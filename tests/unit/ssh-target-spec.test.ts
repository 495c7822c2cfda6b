import { describe, expect, it } from 'vitest';
import { parseTargetSpec, targetFromSpec } from '../../server/config/dom0-target';

const config = `
Host dom0
  HostName 192.168.56.5
  Port 2200
  User xen
  IdentityFile ~/.ssh/id_dom0
  IdentityFile /etc/keys/second
  ProxyJump jump@bastion:2022

Host behind
  HostName 10.1.1.1
  ProxyJump bastion

Host bastion
  HostName bastion.example.org
  User jumper
  Port 2022

Host lab-*
  HostName %h.example.org
  User labuser

Host *
  User fallback
`;

describe('parseTargetSpec', () => {
  it.each([
    ['user@host:2222', undefined, { host: 'host', port: 2222, user: 'user', identityFiles: [] }],
    ['user@host', undefined, { host: 'host', port: 22, user: 'user', identityFiles: [] }],
    ['host', undefined, { host: 'host', port: 22, identityFiles: [] }],
    ['10.0.0.5:22', undefined, { host: '10.0.0.5', port: 22, identityFiles: [] }],
    ['[::1]:2222', undefined, { host: '::1', port: 2222, identityFiles: [] }],
    ['me@[::1]:2222', undefined, { host: '::1', port: 2222, user: 'me', identityFiles: [] }],
    ['[fe80::1]', undefined, { host: 'fe80::1', port: 22, identityFiles: [] }],
    ['::1', undefined, { host: '::1', port: 22, identityFiles: [] }],
    [
      'dom0',
      config,
      {
        host: '192.168.56.5',
        port: 2200,
        user: 'xen',
        identityFiles: ['/home/u/.ssh/id_dom0', '/etc/keys/second'],
        proxyJump: 'jump@bastion.example.org:2022',
        alias: 'dom0',
      },
    ],
    [
      'root@dom0:2300',
      config,
      { host: '192.168.56.5', port: 2300, user: 'root', alias: 'dom0', proxyJump: 'jump@bastion.example.org:2022' },
    ],
    ['lab-7', config, { host: 'lab-7.example.org', port: 22, user: 'labuser', identityFiles: [], alias: 'lab-7' }],
    ['other', config, { host: 'other', port: 22, user: 'fallback', identityFiles: [] }],
    [
      'behind',
      config,
      { host: '10.1.1.1', port: 22, user: 'fallback', proxyJump: 'jumper@bastion.example.org:2022', alias: 'behind' },
    ],
  ])('%s', (spec, text, expected) => {
    const parsed = parseTargetSpec(spec, text, '/home/u');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toMatchObject(expected);
  });

  it.each([
    ['', 'is not a dom0 target'],
    ['user@host:port', 'has port "port": a port is a number from 1 to 65535'],
    ['host:99999', 'is a number from 1 to 65535'],
    ['host; rm -rf /', 'is not a dom0 target'],
    ['$(id)@host', 'is not a dom0 target'],
    ['user@', 'has no valid host'],
  ])('refuses %j', (spec, message) => {
    const parsed = parseTargetSpec(spec, undefined, '/home/u');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });
});

describe('targetFromSpec', () => {
  it('prefers an explicit identity, then IdentityFile, then the agent, then a password', () => {
    const spec = { host: 'h', port: 22, user: 'u', identityFiles: ['/k1'] };
    expect(targetFromSpec(spec, '/explicit', {}).auth).toEqual({ kind: 'key', path: '/explicit' });
    expect(targetFromSpec(spec, undefined, {}).auth).toEqual({ kind: 'key', path: '/k1' });
    expect(targetFromSpec({ ...spec, identityFiles: [] }, undefined, { SSH_AUTH_SOCK: '/s' }).auth).toEqual({
      kind: 'agent',
    });
    expect(targetFromSpec({ ...spec, identityFiles: [] }, undefined, {}).auth).toEqual({ kind: 'password' });
  });
});
