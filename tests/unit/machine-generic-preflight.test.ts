// The generic driver's preflight on real outputs (tests/fixtures/generic/README.md says where
// each came from): Debian 12 on x86_64 with VT-x or AMD-V passes; Debian 11, Ubuntu, arm64, a VM
// without nested virtualisation, too little memory or disk, no sudo are refused with found,
// expected and the fix; a machine already on Xen is judged by xl info.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cpuFlags,
  dfAvailableKb,
  formatRefusal,
  genericPreflight,
  memTotalKb,
  type GenericProbes,
} from '../../server/machine/generic/preflight';
import { execOutput } from '../fixtures/tools/load';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/generic', name), 'utf8');
const stdout = (name: string) => execOutput({ stdout: fixture(name) });
const notFound = (path: string) => execOutput({ exitCode: 1, stderr: `cat: ${path}: No such file or directory\n` });

/** The plain lab VM as captured (Debian 12 as installed, 2 GB, AMD svm under TCG), reached on its first card. */
function goodMachine(over: Partial<GenericProbes> = {}): GenericProbes {
  return {
    osRelease: stdout('debian12.os-release'),
    arch: execOutput({ stdout: 'x86_64\n' }),
    cpuinfo: stdout('plain-vm-tcg-svm.cpuinfo'),
    meminfo: stdout('plain-vm-2g.meminfo'),
    disk: stdout('plain-vm-df.txt'),
    hypervisor: notFound('/sys/hypervisor/type'),
    sudo: { kind: 'password' },
    sshConnection: execOutput({ stdout: '10.0.2.2 49566 10.0.2.15 22\n' }),
    addresses: stdout('plain-vm-ip-j-address.json'),
    ...over,
  };
}

const BRIDGE = { nic: 'enp0s8', bridge: 'br0' };

function refusals(p: GenericProbes, bridge = BRIDGE) {
  const result = genericPreflight(p, 'alice', bridge);
  return result.ok ? [] : result.refusals;
}

describe('parsers on real outputs', () => {
  it('reads the first processor flags (x86) and Features (arm64)', () => {
    expect(cpuFlags(fixture('x86_64-intel-vmx.cpuinfo'))).toContain('vmx');
    expect(cpuFlags(fixture('x86_64-amd-svm.cpuinfo'))).toContain('svm');
    expect(cpuFlags(fixture('x86_64-kvm-guest-no-vmx.cpuinfo'))).toContain('hypervisor');
    expect(cpuFlags(fixture('x86_64-kvm-guest-no-vmx.cpuinfo'))).not.toContain('vmx');
    expect(cpuFlags(fixture('arm64.cpuinfo'))).toEqual([
      'fp',
      'asimd',
      'evtstrm',
      'aes',
      'pmull',
      'sha1',
      'sha2',
      'crc32',
    ]);
  });

  it('reads MemTotal in kB and df -Pk availability in argument order', () => {
    expect(memTotalKb(fixture('x86_64-24g.meminfo'))).toBe(24684084);
    expect(memTotalKb('nothing here')).toBeUndefined();
    expect(dfAvailableKb(fixture('df-root-var.txt'))).toHaveLength(2);
    expect(dfAvailableKb(fixture('df-root-var.txt'))[0]).toBeGreaterThan(1024 * 1024);
  });
});

describe('genericPreflight', () => {
  it('passes Debian 12 on x86_64 with vmx (Intel) or svm (AMD), 2 GB, free disk, sudo with or without a password', () => {
    expect(genericPreflight(goodMachine(), 'alice', BRIDGE)).toEqual({ ok: true, notes: [] });
    expect(
      refusals(goodMachine({ cpuinfo: stdout('x86_64-intel-vmx.cpuinfo'), sudo: { kind: 'no-password' } })),
    ).toEqual([]);
  });

  it('refuses Debian 11 with the upgrade as the fix', () => {
    const [r, ...rest] = refusals(goodMachine({ osRelease: stdout('debian11.os-release') }));
    expect(rest).toEqual([]);
    expect(r).toMatchObject({
      what: 'operating system',
      found: 'Debian GNU/Linux 11 (bullseye) (ID=debian, VERSION_ID=11)',
    });
    expect(r?.expected).toMatch(/Debian 12/);
    expect(r?.fix).toMatch(/Upgrade the machine to Debian 12/);
  });

  it('refuses Ubuntu: the steps are Debian 12 packages and GRUB entry names', () => {
    const [r] = refusals(goodMachine({ osRelease: stdout('ubuntu2204.os-release') }));
    expect(r?.found).toBe('Ubuntu 22.04.2 LTS (ID=ubuntu, VERSION_ID=22.04)');
    expect(r?.fix).toMatch(/Install Debian 12/);
    expect(r?.fix).toMatch(/Debian GNU\/Linux, with Xen hypervisor/);
  });

  it('refuses arm64 (Apple Silicon, arm64 boards) and its CPU has no vmx/svm either', () => {
    const found = refusals(
      goodMachine({ arch: execOutput({ stdout: 'aarch64\n' }), cpuinfo: stdout('arm64.cpuinfo') }),
    );
    expect(found.map((r) => r.what)).toEqual(['processor architecture', 'hardware virtualisation']);
    expect(found[0]?.found).toBe('aarch64 (uname -m)');
    expect(found[0]?.fix).toMatch(/x86_64 PC/);
  });

  it('refuses a VM without nested virtualisation (the real build host: flag hypervisor, no vmx) with the nested fix', () => {
    const [r] = refusals(goodMachine({ cpuinfo: stdout('x86_64-kvm-guest-no-vmx.cpuinfo') }));
    expect(r?.what).toBe('hardware virtualisation');
    expect(r?.found).toMatch(/neither vmx nor svm .* the machine is itself a VM/);
    expect(r?.fix).toMatch(/nested virtualisation/);
  });

  it('refuses too little memory and too little free disk on / and /var, each with its figure', () => {
    const small = execOutput({
      stdout: fixture('plain-vm-2g.meminfo').replace(/^MemTotal:\s+\d+ kB$/m, 'MemTotal:        1004124 kB'),
    });
    const df = fixture('df-root-var.txt').split('\n');
    const fullDisk = [
      df[0],
      df[1]?.replace(/\s\d+\s+(\d+%)/, ' 512000 $1'),
      df[2]?.replace(/\s\d+\s+(\d+%)/, ' 10240 $1'),
      '',
    ].join('\n');
    const found = refusals(goodMachine({ meminfo: small, disk: execOutput({ stdout: fullDisk }) }));
    expect(found.map((r) => [r.what, r.found])).toEqual([
      ['memory', '980 MiB (MemTotal in /proc/meminfo)'],
      ['free disk on /', '500 MiB available (df -Pk /)'],
      ['free disk on /var', '10 MiB available (df -Pk /var)'],
    ]);
    expect(found[0]?.expected).toMatch(/at least 1800 MiB/);
  });

  it('refuses without sudo, and when sudo refused the user, with the command that fixes it', () => {
    const missing = refusals(goodMachine({ sudo: { kind: 'missing', output: 'bash: line 1: exec: sudo: not found' } }));
    expect(missing[0]?.fix).toBe(
      'As root on the machine: `apt-get install sudo && adduser alice sudo`, then log in again and run this command again.',
    );
    const refused = refusals(
      goodMachine({ sudo: { kind: 'refused', output: fixture('sudo-n-password-required.stderr').trim() } }),
    );
    expect(refused[0]?.found).toBe('sudo refused alice: sudo: a password is required');
  });

  it('judges a machine already on Xen by xl info (dom0 hides vmx, and its MemTotal is dom0_mem)', () => {
    const onXen = goodMachine({
      hypervisor: execOutput({ stdout: 'xen\n' }),
      cpuinfo: stdout('x86_64-kvm-guest-no-vmx.cpuinfo'),
      meminfo: execOutput({ stdout: 'MemTotal:         950000 kB\n' }),
      xlInfo: stdout('xl-info-lab.txt'),
    });
    expect(genericPreflight(onXen, 'alice', BRIDGE)).toMatchObject({ ok: true });
    const noHvm = fixture('xl-info-lab.txt').replace(/^virt_caps\s+:.*$/m, 'virt_caps              : pv');
    const [r] = refusals({ ...onXen, xlInfo: execOutput({ stdout: noHvm }) });
    expect(r?.found).toBe('Xen runs already, and xl info\'s virt_caps is "pv" (no hvm)');
  });

  it('refuses a bridge over the card this SSH login came in on, or over a card that does not exist', () => {
    const overSsh = refusals(goodMachine(), { nic: 'enp0s3', bridge: 'br0' });
    expect(overSsh.map((r) => [r.what, r.found])).toEqual([
      ['network card for the bridge', 'enp0s3 holds 10.0.2.15, the address this SSH connection came in on'],
    ]);
    expect(overSsh[0]?.fix).toMatch(/--param nic=NAME/);
    const buildHost = goodMachine({ addresses: stdout('ip-j-address-build-host.json') });
    const missing = refusals(buildHost, { nic: 'enp0s8', bridge: 'br0' });
    expect(missing[0]?.found).toBe('no card named enp0s8 (the machine has ifb0, ifb1, eth0)');
    // after the chapter: the address is on the bridge, which holds the card
    const bridged = JSON.stringify([
      { ifname: 'enp0s8', addr_info: [] },
      { ifname: 'br0', addr_info: [{ family: 'inet', local: '192.168.56.5', prefixlen: 24 }] },
    ]);
    const viaBridge = goodMachine({
      sshConnection: execOutput({ stdout: '192.168.56.1 40000 192.168.56.5 22\n' }),
      addresses: execOutput({ stdout: bridged }),
    });
    expect(refusals(viaBridge, { nic: 'enp0s8', bridge: 'br0' })).toEqual([]);
  });

  it('prints every refusal as found / expected / fix', () => {
    const [r] = refusals(goodMachine({ osRelease: stdout('debian11.os-release') }));
    expect(formatRefusal(r!).split('\n')).toEqual([
      expect.stringMatching(/^operating system: found Debian GNU\/Linux 11/),
      expect.stringMatching(/^ {2}expected: Debian 12/),
      expect.stringMatching(/^ {2}fix: /),
    ]);
  });
});
