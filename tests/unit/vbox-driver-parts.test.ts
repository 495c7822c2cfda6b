import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseShowVmInfo, vmNic } from '../../server/checks/parsers/vbox-vminfo';
import { planHostOnly } from '../../server/network/plan-host-only';
import { parseNetworksConf } from '../../server/network/networks-conf';
import { appleSiliconRefusal } from '../../server/machine/virtualbox/apple-silicon';
import { metaData, userData } from '../../server/machine/virtualbox/cloud-init';
import { sha512For } from '../../server/machine/virtualbox/cloud-image';
import {
  attachedMedium,
  createdHostOnlyIf,
  natForwards,
  storageControllers,
} from '../../server/machine/virtualbox/vbox-output';
import { isTransient, vboxFailure } from '../../server/machine/virtualbox/vboxmanage';
import { hostOnlyCreateArgs, modifyVmArgs, natForwardArgs, netmask } from '../../server/machine/virtualbox/vm-commands';
import { installMarks } from '../../server/machine/virtualbox/wait-dom0';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/vbox/${name}`, import.meta.url), 'utf8');
const planFor = (platform: string) => {
  const r = planHostOnly({
    vboxVersion: '7.0.14',
    platform,
    networksConf: parseNetworksConf(undefined),
    hostAddrs: [],
    routes: [],
    hostOnlyIfs: [],
    hostOnlyNets: [],
    dhcpServers: [],
    netName: 'onramp-lab',
  });
  if (!r.ok) throw new Error(r.error.problems.join());
  return r.value;
};

describe('VBoxManage results', () => {
  it.each([
    ['exit 0, quiet stderr', { code: 0, signal: null, stderr: '' }, undefined],
    [
      'exit 0 with error: on stderr is a failure',
      { code: 0, signal: null, stderr: 'VBoxManage: error: Code E_FAIL (0x80004005)\n' },
      'error: Code E_FAIL (0x80004005)',
    ],
    [
      'exit 1 quotes VirtualBox',
      {
        code: 1,
        signal: null,
        stderr:
          'VBoxManage: error: Code E_ACCESSDENIED (0x80070005) - Access denied\nVBoxManage: error: Context: "EnableStaticIPConfig"\n',
      },
      'error: Code E_ACCESSDENIED (0x80070005) - Access denied\nerror: Context: "EnableStaticIPConfig"',
    ],
    [
      'exit 1 without error: keeps the tail',
      { code: 1, signal: null, stderr: 'Syntax error\n' },
      'exit status 1: Syntax error',
    ],
    ['killed', { code: null, signal: 'SIGKILL' as const, stderr: '' }, 'killed by SIGKILL'],
  ])('%s', (_what, result, message) => {
    expect(vboxFailure(result)).toBe(message);
  });

  it('"The object is not ready" is transient, access denied is not', () => {
    expect(isTransient('error: The object is not ready')).toBe(true);
    expect(isTransient('error: Code E_ACCESSDENIED')).toBe(false);
  });

  it('hostonlyif create names its adapter', () => {
    expect(createdHostOnlyIf(fixture('hostonlyif-create.txt'))).toBe('vboxnet1');
    expect(createdHostOnlyIf('0%...100%\n')).toBeUndefined();
  });

  it('showvminfo: NAT forwards, controllers, attached media, NIC 2', () => {
    const info = parseShowVmInfo(fixture('showvminfo-dom0.composed.txt'));
    expect(natForwards(info)).toEqual([
      { name: 'ssh', proto: 'tcp', hostIp: '127.0.0.1', hostPort: 42113, guestIp: '', guestPort: 22 },
    ]);
    expect(storageControllers(info)).toEqual(['SATA']);
    expect(attachedMedium(info, 'SATA', 0)).toMatch(/disk\.vdi$/);
    expect(attachedMedium(info, 'SATA', 1)).toBeUndefined();
    expect(vmNic(info, 2)).toEqual({ slot: 2, mode: 'hostonly', network: 'vboxnet1', promisc: 'allow-all' });
  });
});

describe('VBoxManage command lines', () => {
  const vm = { vmName: 'onramp-lab', cpus: 2, memoryMb: 2048, baseFolder: '/m/lab', serialLog: '/m/lab/serial.log' };

  it('one modifyvm: docker-machine hardware plus nested VT-x/AMD-V, KVM paravirt, NAT NIC 1, promiscuous host-only NIC 2', () => {
    const args = modifyVmArgs(vm, planFor('linux'), 'vboxnet1').join(' ');
    for (const flag of [
      '--acpi on',
      '--ioapic on',
      '--rtcuseutc on',
      '--hwvirtex on',
      '--nestedpaging on',
      '--nested-hw-virt on',
      '--paravirtprovider kvm',
      '--nic1 nat',
      '--nic2 hostonly --hostonlyadapter2 vboxnet1',
      '--nicpromisc2 allow-all',
      '--cableconnected2 on',
    ]) {
      expect(args).toContain(flag);
    }
  });

  it('VirtualBox 7 on macOS attaches NIC 2 to a host-only network', () => {
    expect(modifyVmArgs(vm, planFor('darwin'), 'onramp-lab').join(' ')).toContain(
      '--nic2 hostonlynet --host-only-net2 onramp-lab',
    );
    expect(hostOnlyCreateArgs(planFor('darwin'))).toEqual([
      'hostonlynet',
      'add',
      '--name',
      'onramp-lab',
      '--netmask',
      '255.255.255.0',
      '--lower-ip',
      '192.168.56.1',
      '--upper-ip',
      '192.168.56.149',
      '--enable',
    ]);
  });

  it('SSH forward only on 127.0.0.1', () => {
    expect(natForwardArgs('onramp-lab', 42113)).toEqual([
      'modifyvm',
      'onramp-lab',
      '--natpf1',
      'ssh,tcp,127.0.0.1,42113,,22',
    ]);
  });

  it.each([
    [24, '255.255.255.0'],
    [21, '255.255.248.0'],
    [28, '255.255.255.240'],
  ])('netmask /%s', (prefix, mask) => {
    expect(netmask(prefix)).toBe(mask);
  });
});

describe('the NoCloud seed', () => {
  const input = {
    hostname: 'onramp-lab',
    user: 'onramp',
    authorizedKey: 'ssh-ed25519 AAAAclient',
    hostPrivateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n',
    hostPublicKey: 'ssh-ed25519 AAAAhost',
    provisionScript: '#!/bin/sh\necho provision\n',
    plan: planFor('linux'),
    dom0MemMb: 1024,
  };
  const doc = parse(userData(input)) as Record<string, unknown>;

  it('is cloud-config YAML that pins the host key, authorises the client key and installs Xen', () => {
    expect(userData(input).startsWith('#cloud-config\n')).toBe(true);
    expect(doc.ssh_keys).toEqual({ ed25519_private: input.hostPrivateKey, ed25519_public: 'ssh-ed25519 AAAAhost' });
    expect(doc.users).toEqual([{ name: 'root', lock_passwd: true, ssh_authorized_keys: ['ssh-ed25519 AAAAclient'] }]);
    expect(doc.packages).toContain('xen-system-amd64');
    expect(doc.power_state).toMatchObject({ mode: 'reboot' });
  });

  it("carries the lab's provisioning script and runs it with the bridge over NIC 2 at dom0's planned address (argv, no shell text)", () => {
    const files = doc.write_files as Array<{ path: string; content: string; encoding?: string }>;
    const script = files.find((f) => f.path === '/usr/local/sbin/onramp-provision-dom0.sh');
    expect(Buffer.from(script?.content ?? '', 'base64').toString()).toBe(input.provisionScript);
    const finish = Buffer.from(
      files.find((f) => f.path === '/usr/local/sbin/onramp-finish-install.sh')?.content ?? '',
      'base64',
    ).toString();
    expect(finish).toContain('GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=%sM,max:%sM"');
    expect(finish).toContain('autoballoon="auto"');
    expect(doc.runcmd).toEqual([
      [
        'env',
        'ONRAMP_HOSTNAME=onramp-lab',
        'ONRAMP_USER=onramp',
        'ONRAMP_BRIDGE=br0',
        'ONRAMP_BRIDGE_ADDRESS=192.168.56.5/24',
        'ONRAMP_BRIDGE_PORT=enp0s8',
        'ONRAMP_UPLINK_MATCH=enp0s3',
        'ONRAMP_DOM0_MEM_MB=1024',
        '/usr/local/sbin/onramp-finish-install.sh',
      ],
    ]);
  });

  it('meta-data', () => {
    expect(parse(metaData('onramp-lab', 'onramp-lab'))).toEqual({
      'instance-id': 'onramp-lab',
      'local-hostname': 'onramp-lab',
    });
  });

  it('install marks from the serial log', () => {
    expect(
      installMarks(
        'Booting...\r\nonramp-install: packages installed\nnoise\n[  42.1] cloud-init[612]: onramp-install: dom0 provisioned\n',
      ),
    ).toEqual(['packages installed', 'dom0 provisioned']);
  });
});

describe('host checks', () => {
  it('Apple Silicon is refused with the other path; Intel Macs and Linux are not', () => {
    expect(appleSiliconRefusal('darwin', 'arm64')).toMatch(/Arm guests only[\s\S]*reached over SSH/);
    expect(appleSiliconRefusal('darwin', 'x64')).toBeUndefined();
    expect(appleSiliconRefusal('linux', 'arm64')).toBeUndefined();
  });

  it("Debian's SHA512SUMS line for the image", () => {
    const sum = 'a'.repeat(128);
    expect(
      sha512For(
        `${'b'.repeat(128)}  debian-12-genericcloud-amd64.raw\n${sum}  debian-12-generic-amd64.raw\n`,
        'debian-12-generic-amd64.raw',
      ),
    ).toBe(sum);
    expect(sha512For('', 'debian-12-generic-amd64.raw')).toBeUndefined();
  });
});

describe('onramp machine env', () => {
  it('exports the SSH address, key and host-only plan, single-quoted', async () => {
    const { formatEnv, machineEnv } = await import('../../server/machine/virtualbox/machine-env');
    const record = {
      name: 'dom0',
      driver: 'virtualbox' as const,
      dir: "/m/it's",
      imageKey: '',
      sshPort: 42113,
      sshUser: 'root',
      hostKey: '',
      readySnapshot: false,
      createdAt: '',
    };
    const target = {
      host: '127.0.0.1',
      port: 42113,
      user: 'onramp',
      identityFile: "/m/it's/id_ed25519",
      knownHostsFile: "/m/it's/known_hosts",
    };
    const text = formatEnv(
      machineEnv(record, target, {
        vmName: 'dom0',
        adapter: 'vboxnet1',
        hostIp: '192.168.57.1',
        prefix: 24,
        dom0Ip: '192.168.57.5',
      }),
    );
    expect(text).toContain("export ONRAMP_DOM0_SSH='onramp@127.0.0.1:42113'");
    expect(text).toContain("export ONRAMP_DOM0_SSH_KEY='/m/it'\\''s/id_ed25519'");
    expect(text).toContain("export ONRAMP_HOSTONLY_HOST_IP='192.168.57.1/24'");
    expect(text).toContain("export ONRAMP_DOM0_BRIDGE_IP='192.168.57.5'");
  });
});

describe('hints under VirtualBox errors', () => {
  it.each([
    ['error: Code E_ACCESSDENIED (0x80070005) - Access denied', /networks\.conf/],
    ['error: VERR_CPUM_INVALID_HWVIRT_CONFIG', /Hyper-V/],
    ['error: VT-x is disabled in the BIOS for all CPU modes (VERR_VMX_MSR_ALL_VMX_DISABLED)', /firmware settings/],
    ['error: Host-only adapters are no longer supported!', /--nic2 hostonlynet/],
  ])('%s', async (message, hint) => {
    const { withHint } = await import('../../server/machine/virtualbox/vbox-hints');
    expect(withHint(message)).toMatch(new RegExp(`^${message.replace(/[()!]/g, '\\$&')}\\nhint: `));
    expect(withHint(message)).toMatch(hint);
  });

  it('an unknown error gets no hint', async () => {
    const { withHint } = await import('../../server/machine/virtualbox/vbox-hints');
    expect(withHint('error: Code E_FAIL')).toBe('error: Code E_FAIL');
  });
});
