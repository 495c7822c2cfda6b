import { describe, expect, it } from 'vitest';
import { machineKnownHostsLine, opensshArgs } from '../../server/machine/openssh';
import { cleanMonitorOutput } from '../../server/machine/qemu/monitor';
import { machineNameProblem } from '../../server/machine/record';
import { hostKeyBlob } from '../../server/machine/register-dom0';
import { publicKeyCore } from '../../server/machine/qemu/seed';

const target = {
  host: '127.0.0.1',
  port: 40022,
  user: 'root',
  identityFile: '/m/id_ed25519',
  knownHostsFile: '/m/known_hosts',
};

describe('opensshArgs', () => {
  it('pins the machine key and known-hosts file, with no agent and no prompts', () => {
    const args = opensshArgs(target, ['xl', 'info']);
    expect(args).toEqual(
      expect.arrayContaining([
        '-i',
        '/m/id_ed25519',
        '-p',
        '40022',
        'StrictHostKeyChecking=yes',
        'UserKnownHostsFile=/m/known_hosts',
        'BatchMode=yes',
        'IdentityAgent=none',
      ]),
    );
    expect(args.slice(-4)).toEqual(['root@127.0.0.1', '--', 'xl', 'info']);
  });

  it('asks for a tty only when told', () => {
    expect(opensshArgs(target, [], { tty: true })).toContain('-t');
    expect(opensshArgs(target, ['true'])).not.toContain('-t');
  });

  it('writes known_hosts lines in OpenSSH [host]:port form', () => {
    expect(machineKnownHostsLine('127.0.0.1', 40022, 'ssh-ed25519 AAAAC3Nz')).toBe(
      '[127.0.0.1]:40022 ssh-ed25519 AAAAC3Nz',
    );
  });
});

describe('small machine decisions', () => {
  it('strips the HMP echo line and escapes from monitor output', () => {
    const raw = 'i\u001b[K\u001b[Dinfo snapshots\r\nList of snapshots present on all disks:\r\nID  TAG\r\n';
    expect(cleanMonitorOutput(raw)).toBe('List of snapshots present on all disks:\nID  TAG');
    expect(cleanMonitorOutput('savevm ready\r\n')).toBe('');
  });

  it('accepts DNS-label machine names only', () => {
    expect(machineNameProblem('onramp-lab')).toBeNull();
    expect(machineNameProblem('../etc')).toMatch(/not a machine name/);
    expect(machineNameProblem('Lab')).toMatch(/lower-case/);
  });

  it('keeps type and key of a public key line, drops the comment', () => {
    expect(publicKeyCore('ssh-ed25519 AAAAC3 root@lab\n')).toBe('ssh-ed25519 AAAAC3');
    expect(() => publicKeyCore('garbage')).toThrow(/not an OpenSSH public key line/);
    expect(hostKeyBlob('ssh-ed25519 AAAA').length).toBe(3);
  });
});
