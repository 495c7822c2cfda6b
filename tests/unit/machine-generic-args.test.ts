// The generic driver's options, its host-key decision and its record's SSH settings: pure parts.
import { describe, expect, it } from 'vitest';
import { createCommandWith } from '../../server/cli/machine-generic';
import { opensshArgs } from '../../server/machine/openssh';
import { parseGenericCreate, parseParamPairs } from '../../server/machine/generic/generic-args';
import { genericSshTarget } from '../../server/machine/generic/generic-driver';
import { hostKeyDecision, type HostKeyContext } from '../../server/machine/generic/host-key';
import { machineDom0Target, namesMachine } from '../../server/machine/register-dom0';
import type { MachineRecord } from '../../server/machine/record';
import type { HostKeyVerdict } from '../../server/ssh/host-key-verdict';

const FP = 'SHA256:jdTGHW0e7I8lkNmFo7jM0l7BiKxTKUEGb+3I4nGcZ0Y';
const OTHER = 'SHA256:AAAAHW0e7I8lkNmFo7jM0l7BiKxTKUEGb+3I4nGcZ0Y';
const agent = { SSH_AUTH_SOCK: '/run/user/1000/agent.sock' };

describe('parseGenericCreate', () => {
  it('takes USER@HOST:PORT, a key, a fingerprint and step parameters', () => {
    const parsed = parseGenericCreate(
      'spare',
      {
        ssh: 'alice@192.0.2.10:2222',
        identity: '/home/alice/.ssh/id_ed25519',
        hostKey: FP,
        param: ['nic=enp3s0', 'address=10.0.0.5'],
      },
      '',
      {},
      '/home/alice',
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        name: 'spare',
        target: {
          host: '192.0.2.10',
          port: 2222,
          user: 'alice',
          auth: { kind: 'key', path: '/home/alice/.ssh/id_ed25519' },
        },
        hostKey: FP,
        params: { nic: 'enp3s0', address: '10.0.0.5' },
      },
    });
  });

  it('applies ~/.ssh/config like ssh (HostName, Port, IdentityFile), port 22 by default, and the agent without a key', () => {
    const config = 'Host spare\n  HostName 192.0.2.10\n  User bob\n  IdentityFile ~/.ssh/spare\n';
    const viaConfig = parseGenericCreate('spare', { ssh: 'spare' }, config, {}, '/home/bob');
    expect(viaConfig.ok && viaConfig.value.target).toEqual({
      host: '192.0.2.10',
      port: 22,
      user: 'bob',
      auth: { kind: 'key', path: '/home/bob/.ssh/spare' },
    });
    const viaAgent = parseGenericCreate('spare', { ssh: 'carol@pc.example' }, '', agent);
    expect(viaAgent.ok && viaAgent.value.target.auth).toEqual({ kind: 'agent' });
  });

  it('refuses what cannot work, saying the fix', () => {
    const refused = (
      name: string,
      opts: Parameters<typeof parseGenericCreate>[1],
      env: Record<string, string> = agent,
    ) => {
      const r = parseGenericCreate(name, opts, '', env);
      return r.ok ? 'accepted' : r.error;
    };
    expect(refused('spare', {})).toMatch(
      /needs the machine's SSH address: onramp machine create --driver generic --ssh/,
    );
    expect(refused('Spare PC', { ssh: 'a@h' })).toMatch(/is not a machine name/);
    expect(refused('spare', { ssh: 'a@h;reboot' })).toMatch(/is not a dom0 target/);
    expect(refused('spare', { ssh: 'a@h:99999' })).toMatch(/port/);
    expect(refused('spare', { ssh: 'a@h', hostKey: 'MD5:aa:bb' })).toMatch(/is not a fingerprint: expected SHA256:/);
    expect(refused('spare', { ssh: 'a@h', recipe: 'plain' })).toMatch(/--recipe is for the qemu driver/);
    expect(refused('spare', { ssh: 'a@h', param: ['NIC=x'] })).toMatch(/is not name=value/);
    expect(refused('spare', { ssh: 'a@h' }, {})).toMatch(/no key to log in with: pass --identity KEY/);
    const jump = parseGenericCreate('spare', { ssh: 'inner' }, 'Host inner\n  ProxyJump gw.example\n', agent);
    expect(jump.ok ? 'accepted' : jump.error).toMatch(/ProxyJump .* connects directly/);
  });

  it('keeps = inside a parameter value and refuses a name given twice', () => {
    expect(parseParamPairs(['note=a=b'])).toEqual({ ok: true, value: { note: 'a=b' } });
    expect(parseParamPairs(['nic=a', 'nic=b'])).toEqual({
      ok: false,
      error: '--param nic is given twice; give each parameter once',
    });
  });
});

describe('hostKeyDecision: never trust on first use', () => {
  const ctx: HostKeyContext = {
    host: '192.0.2.10',
    port: 22,
    onrampFile: '/home/alice/.config/onramp/known_hosts',
    commandWith: (fp) => `onramp machine create --driver generic --ssh alice@192.0.2.10 --host-key ${fp} spare`,
  };
  const key = { algorithm: 'ED25519', fingerprint: FP };
  const unknown: HostKeyVerdict = { kind: 'unknown', key };
  const known: HostKeyVerdict = {
    kind: 'known',
    key,
    source: { algorithm: 'ED25519', fingerprint: FP, file: '/home/alice/.ssh/known_hosts', line: 3 },
  };

  it('refuses an unknown key, showing its fingerprint, how to read it on the console and the exact command', () => {
    const d = hostKeyDecision(unknown, undefined, ctx);
    expect(d.kind).toBe('refuse');
    if (d.kind !== 'refuse') return;
    expect(d.message).toContain(`offers ED25519 ${FP}`);
    expect(d.message).toContain('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    expect(d.message).toContain(`onramp machine create --driver generic --ssh alice@192.0.2.10 --host-key ${FP} spare`);
  });

  it('accepts an unknown key only when --host-key names exactly it', () => {
    expect(hostKeyDecision(unknown, FP, ctx)).toEqual({ kind: 'accept' });
    const wrong = hostKeyDecision(unknown, OTHER, ctx);
    expect(wrong.kind === 'refuse' && wrong.message).toContain(
      `offers the host key ED25519 ${FP}, not the ${OTHER} given with --host-key`,
    );
  });

  it('trusts a key from known_hosts, but not when --host-key says another one', () => {
    expect(hostKeyDecision(known, undefined, ctx)).toEqual({ kind: 'trusted' });
    expect(hostKeyDecision(known, FP, ctx)).toEqual({ kind: 'trusted' });
    expect(hostKeyDecision(known, OTHER, ctx).kind).toBe('refuse');
  });

  it('refuses a changed key even with a matching --host-key (known_hosts must be fixed first)', () => {
    const changed: HostKeyVerdict = {
      kind: 'changed',
      key,
      previous: { algorithm: 'ED25519', fingerprint: OTHER, file: '/home/alice/.ssh/known_hosts', line: 3 },
    };
    const d = hostKeyDecision(changed, FP, ctx);
    expect(d.kind === 'refuse' && d.message).toMatch(/has CHANGED.*ssh-keygen -R 192\.0\.2\.10/s);
  });
});

describe('a generic machine record', () => {
  const record: MachineRecord = {
    name: 'spare',
    driver: 'generic',
    dir: '/home/alice/.local/share/onramp/machines/spare',
    imageKey: 'generic',
    sshHost: '192.0.2.10',
    sshPort: 2222,
    sshUser: 'alice',
    hostKey: 'ecdsa-sha2-nistp256 AAAAE2VjZHNh',
    readySnapshot: false,
    createdAt: '2026-11-30T15:00:00.000Z',
  };

  it('logs in with ssh-agent when it has no key, pinning its own host key type', () => {
    const target = genericSshTarget(record);
    expect(target).toMatchObject({ host: '192.0.2.10', port: 2222, user: 'alice', identityFile: '' });
    const args = opensshArgs(target);
    expect(args).not.toContain('-i');
    expect(args).not.toContain('IdentityAgent=none');
    expect(args).toContain('HostKeyAlgorithms=ecdsa-sha2-nistp256');
    expect(args).toContain(`UserKnownHostsFile=${record.dir}/known_hosts`);
    expect(machineDom0Target(target)).toEqual({
      host: '192.0.2.10',
      port: 2222,
      user: 'alice',
      auth: { kind: 'agent' },
    });
  });

  it('is named by its address and user in dom0.json (its key may be the user’s everyday key)', () => {
    const target = genericSshTarget({ ...record, identityFile: '/home/alice/.ssh/id_ed25519' });
    const vbox = {
      host: '192.168.56.5',
      port: 22,
      user: 'alice',
      auth: { kind: 'key' as const, path: '/home/alice/.ssh/id_ed25519' },
    };
    expect(namesMachine(vbox, target, 'generic')).toBe(false);
    expect(namesMachine({ ...vbox, host: '192.0.2.10', port: 2222 }, target, 'generic')).toBe(true);
  });

  it('gives the create command again with the fingerprint, quoted for a shell', () => {
    expect(
      createCommandWith('spare', { ssh: 'alice@192.0.2.10', identity: '/keys/my key', param: ['nic=enp3s0'] }, FP),
    ).toBe(
      `onramp machine create --driver generic --ssh alice@192.0.2.10 --identity '/keys/my key' --host-key ${FP} --param nic=enp3s0 spare`,
    );
  });
});
