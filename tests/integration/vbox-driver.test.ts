// The virtualbox driver against the VBoxManage STAND-IN (VirtualBox cannot run here): create,
// re-create after a failure half-way, stop, rm, and VirtualBox's documented failure modes.
// The dom0 install wait is a stand-in too (no VM boots here); the seed ISO is built for real
// with xorriso, and the provisioning script is the lab's own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCidr, parseIpv4 } from '../../server/network/ipv4';
import { silentProgress } from '../../server/machine/progress';
import type { MachineDriver } from '../../server/machine/driver';
import { LAB_DIR } from '../../server/machine/qemu/image-recipe';
import { freeLoopbackPort, loopbackPortFree } from '../../server/machine/qemu/free-port';
import { buildSeedIso } from '../../server/machine/virtualbox/seed-iso';
import { vboxManage } from '../../server/machine/virtualbox/vboxmanage';
import type { VirtualboxDeps } from '../../server/machine/virtualbox/virtualbox-deps';
import { readProvisionScript } from '../../server/machine/virtualbox/provision-script';
import { makeVirtualboxDriver } from '../../server/machine/virtualbox/virtualbox-driver';
import type { Dom0Wait } from '../../server/machine/virtualbox/wait-dom0';
import { makeStandin, type Standin } from '../helpers/vboxmanage-standin-harness';
import type { StandinConfig } from '../helpers/vboxmanage-standin-world';

let standin: Standin;
let work: string;
let dom0Waits: Dom0Wait[];

function depsFor(over: Partial<VirtualboxDeps> = {}): VirtualboxDeps {
  const config = JSON.parse(readFileSync(join(standin.dir, 'config.json'), 'utf8')) as StandinConfig;
  const raw = join(work, 'debian-12-generic-amd64.raw');
  writeFileSync(raw, 'stand-in raw image\n');
  return {
    vbox: vboxManage(standin.path, { retryDelayMs: 20 }),
    platform: config.platform,
    arch: 'x64',
    hostOnlyIp: undefined,
    hostNetwork: async () => ({
      addrs: config.hostInterfaces.map((h) => ({
        ifname: h.name,
        address: parseIpv4(h.cidr.split('/')[0] ?? '') ?? 0,
        prefix: Number(h.cidr.split('/')[1]),
      })),
      routes: config.hostInterfaces.map((h) => ({ dst: parseCidr(h.cidr) ?? { base: 0, prefix: 0 }, dev: h.name })),
    }),
    networksConf: async () => config.networksConf ?? undefined,
    cloudImage: async () => raw,
    buildSeedIso: (dir, files) => buildSeedIso(dir, files),
    provisionScript: () => readProvisionScript(LAB_DIR),
    // STAND-IN for the dom0 install: no VM boots here, so check what a booting VM would need
    waitForDom0: async (wait) => {
      const vm = standin.world().vms[0];
      if (vm?.state !== 'running') throw new Error('stand-in dom0 wait: the VM is not running');
      if (!vm.natpf.includes(`ssh,tcp,127.0.0.1,${wait.target.port},,22`))
        throw new Error(`stand-in dom0 wait: no NAT rule to ${wait.target.port}`);
      dom0Waits.push(wait);
    },
    freePort: freeLoopbackPort,
    portFree: loopbackPortFree,
    adapterListedTimeoutMs: 10_000,
    stopTimeoutMs: 1500,
    installDeadlineMs: 10_000,
    bootDeadlineMs: 10_000,
    ...over,
  };
}

function machineDirFor(name: string): string {
  return join(work, 'machines', name);
}

async function create(driver: MachineDriver, name = 'lab') {
  const dir = machineDirFor(name);
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true, mode: 0o700 }));
  return (await driver.create({ name, dir, progress: silentProgress })).record;
}

const commands = () => standin.calls().map((c) => c.slice(0, 2).join(' '));

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'vbox-driver-'));
  dom0Waits = [];
});

afterEach(() => {
  standin.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('create (Linux, VirtualBox 7)', () => {
  it("plans around docker-machine's vboxnet0, waits for the new adapter to be listed, removes its DHCP server, and builds the VM", async () => {
    standin = makeStandin({ listDelayMs: 1200, hostInterfaces: [{ name: 'wlan0', cidr: '192.168.1.23/24' }] });
    standin.configure(() => {});
    // docker-machine's adapter and DHCP server are already there
    writeFileSync(
      join(standin.dir, 'state.json'),
      JSON.stringify({
        vms: [],
        uuidCounter: 0,
        hostonlynets: [],
        hostonlyifs: [{ name: 'vboxnet0', ip: '192.168.56.1', mask: '255.255.255.0', createdAt: 0 }],
        dhcpservers: [
          {
            netName: 'HostInterfaceNetworking-vboxnet0',
            ip: '192.168.56.100',
            mask: '255.255.255.0',
            lower: '192.168.56.101',
            upper: '192.168.56.254',
            enabled: true,
          },
        ],
      }),
    );
    const record = await create(makeVirtualboxDriver(depsFor()));

    const world = standin.world();
    expect(world.hostonlyifs.map((i) => `${i.name} ${i.ip}`)).toEqual([
      'vboxnet0 192.168.56.1',
      'vboxnet1 192.168.57.1',
    ]);
    expect(world.dhcpservers.map((d) => d.netName)).toEqual(['HostInterfaceNetworking-vboxnet0']);
    const vm = world.vms[0];
    expect(vm?.name).toBe('lab');
    expect(vm?.state).toBe('running');
    expect(vm?.settings).toMatchObject({
      'nested-hw-virt': 'on',
      nestedpaging: 'on',
      hwvirtex: 'on',
      nic1: 'nat',
      nic2: 'hostonly',
      hostonlyadapter2: 'vboxnet1',
      nicpromisc2: 'allow-all',
      cableconnected2: 'on',
      paravirtprovider: 'kvm',
    });
    expect(vm?.natpf).toEqual([`ssh,tcp,127.0.0.1,${record.sshPort},,22`]);
    expect(vm?.attachments['SATA-0-0']).toBe(join(machineDirFor('lab'), 'disk.vdi'));
    expect(vm?.attachments['SATA-1-0']).toBe(join(machineDirFor('lab'), 'seed.iso'));
    // docker-machine's order: createvm, one modifyvm with the hardware, NAT forward, storage, start
    const order = commands().filter((c) =>
      /^(createvm|modifyvm|storagectl|storageattach|startvm|hostonlyif create|hostonlyif ipconfig|dhcpserver remove)/.test(
        c,
      ),
    );
    expect(order).toEqual([
      'hostonlyif create',
      'hostonlyif ipconfig',
      'dhcpserver remove',
      'createvm --basefolder',
      'modifyvm lab',
      'modifyvm lab',
      'storagectl lab',
      'storageattach lab',
      'storageattach lab',
      'startvm lab',
    ]);
    // the adapter was polled until the stand-in listed it
    expect(commands().filter((c) => c === 'list hostonlyifs').length).toBeGreaterThan(2);
    // the seed is a real ISO9660 image labelled cidata carrying the lab's provisioning script
    const iso = readFileSync(join(machineDirFor('lab'), 'seed.iso'));
    expect(iso.subarray(0x8001, 0x8006).toString()).toBe('CD001');
    expect(iso.subarray(0x8028, 0x8028 + 6).toString()).toBe('cidata');
    // read user-data back out of the ISO: it carries the lab's provisioning script byte for byte, and this machine's plan
    const extracted = join(work, 'user-data');
    execFileSync(
      'xorriso',
      ['-osirrox', 'on', '-indev', join(machineDirFor('lab'), 'seed.iso'), '-extract', '/user-data', extracted],
      { stdio: 'ignore' },
    );
    const cloudConfig = parse(readFileSync(extracted, 'utf8')) as {
      write_files: Array<{ path: string; content: string }>;
      runcmd: string[][];
    };
    const provision = cloudConfig.write_files.find((f) => f.path === '/usr/local/sbin/onramp-provision-dom0.sh');
    expect(Buffer.from(provision?.content ?? '', 'base64').toString()).toBe(
      readFileSync(join(LAB_DIR, 'provision-dom0.sh'), 'utf8'),
    );
    expect(cloudConfig.runcmd[0]).toContain('ONRAMP_BRIDGE_ADDRESS=192.168.57.5/24');
    expect(record).toMatchObject({ driver: 'virtualbox', sshUser: 'root' });
    expect(record.hostKey).toMatch(/^ssh-ed25519 /);
    expect(readFileSync(join(machineDirFor('lab'), 'known_hosts'), 'utf8')).toBe(
      `[127.0.0.1]:${record.sshPort} ${record.hostKey}\n`,
    );
    expect(dom0Waits).toHaveLength(1);
  }, 60_000);

  it("a failure half-way (error: on stderr with exit 0) names the command and VirtualBox's message; create again finishes the same machine", async () => {
    standin = makeStandin({
      faults: [
        {
          command: 'storagectl',
          kind: 'error-exit0',
          times: 1,
          message: 'Code VBOX_E_OBJECT_IN_USE (0x80bb000c) - Storage controller is in use',
        },
      ],
    });
    const driver = makeVirtualboxDriver(depsFor());
    await expect(create(driver)).rejects.toThrow(
      /VBoxManage storagectl lab --name SATA --add sata .* failed:\nerror: Code VBOX_E_OBJECT_IN_USE \(0x80bb000c\) - Storage controller is in use/,
    );
    const halfway = standin.world();
    expect(halfway.vms).toHaveLength(1);
    expect(halfway.hostonlyifs).toHaveLength(1);

    const record = await create(driver);
    const world = standin.world();
    expect(world.vms).toHaveLength(1);
    expect(world.hostonlyifs.map((i) => `${i.name} ${i.ip}`)).toEqual(['vboxnet0 192.168.56.1']);
    expect(world.vms[0]?.natpf).toEqual([`ssh,tcp,127.0.0.1,${record.sshPort},,22`]);
    expect(world.vms[0]?.controllers).toEqual(['SATA']);
    expect(commands().filter((c) => c.startsWith('createvm'))).toHaveLength(1);
    expect(commands().filter((c) => c === 'hostonlyif create')).toHaveLength(1);
    // a third run on the running machine changes nothing in VirtualBox
    const before = standin.calls().length;
    await create(driver);
    expect(
      standin
        .calls()
        .slice(before)
        .filter((c) => !['list', 'showvminfo', '--version'].includes(c[0] ?? '')),
    ).toEqual([]);
  }, 60_000);

  it('a VM of the same name that Onramp did not create is left alone', async () => {
    standin = makeStandin();
    await vboxManage(standin.path).run([
      'createvm',
      '--basefolder',
      join(work, 'elsewhere'),
      '--name',
      'lab',
      '--register',
    ]);
    await expect(create(makeVirtualboxDriver(depsFor()))).rejects.toThrow(
      /VirtualBox already has a VM named "lab" \(.*elsewhere\/lab\/lab\.vbox\) that Onramp did not create/,
    );
    expect(commands().filter((c) => /^(modifyvm|storagectl|startvm)/.test(c))).toEqual([]);
  }, 60_000);

  it('retries "The object is not ready"', async () => {
    standin = makeStandin({ faults: [{ command: 'startvm', kind: 'not-ready', times: 2 }] });
    await create(makeVirtualboxDriver(depsFor()));
    expect(commands().filter((c) => c.startsWith('startvm'))).toHaveLength(3);
    expect(standin.world().vms[0]?.state).toBe('running');
  }, 60_000);
});

describe('the host-only range rule', () => {
  it('a requested 192.168.99.1/24 is refused before VirtualBox is touched, naming the rule and the fix', async () => {
    standin = makeStandin();
    await expect(create(makeVirtualboxDriver(depsFor({ hostOnlyIp: '192.168.99.1/24' })))).rejects.toThrow(
      /outside the ranges VirtualBox allows.*192\.168\.56\.0\/21[\s\S]*--hostonly-ip 192\.168\.56\.1\/24/,
    );
    expect(commands().filter((c) => !c.startsWith('list') && c !== '--version')).toEqual([]);
  });

  it('allowed by networks.conf, VirtualBox takes it', async () => {
    standin = makeStandin({ networksConf: '* 10.0.0.0/8 192.168.0.0/16\n' });
    await create(makeVirtualboxDriver(depsFor({ hostOnlyIp: '192.168.99.1/24' })));
    expect(standin.world().hostonlyifs.map((i) => i.ip)).toEqual(['192.168.99.1']);
  }, 60_000);

  it('when VirtualBox refuses anyway (E_ACCESSDENIED), its message is reported with the command', async () => {
    standin = makeStandin({ networksConf: null });
    const deps = depsFor({ hostOnlyIp: '10.1.2.1/24', networksConf: async () => '* 10.0.0.0/8\n' });
    await expect(create(makeVirtualboxDriver(deps))).rejects.toThrow(
      /VBoxManage hostonlyif ipconfig vboxnet0 --ip 10\.1\.2\.1 --netmask 255\.255\.255\.0 failed:\nerror: Code E_ACCESSDENIED \(0x80070005\) - Access denied/,
    );
  }, 60_000);
});

describe('macOS', () => {
  it('VirtualBox 7 uses a host-only network and NIC 2 in hostonlynet mode', async () => {
    standin = makeStandin({ platform: 'darwin' });
    await create(makeVirtualboxDriver(depsFor()));
    const world = standin.world();
    expect(world.hostonlynets.map((n) => `${n.name} ${n.lower}-${n.upper} ${n.mask}`)).toEqual([
      'onramp-lab 192.168.56.1-192.168.56.149 255.255.255.0',
    ]);
    expect(world.hostonlyifs).toEqual([]);
    expect(world.vms[0]?.settings).toMatchObject({
      nic2: 'hostonlynetwork',
      'hostonly-network2': 'onramp-lab',
      nicpromisc2: 'allow-all',
    });
  }, 60_000);

  it('the stand-in refuses a legacy host-only adapter on VirtualBox 7 for macOS, and the message reaches the user', async () => {
    standin = makeStandin({ platform: 'darwin' });
    const vbox = vboxManage(standin.path);
    await vbox.run(['createvm', '--basefolder', work, '--name', 'old', '--register']);
    await vbox.run(['modifyvm', 'old', '--nic2', 'hostonly', '--hostonlyadapter2', 'vboxnet0']);
    await expect(vbox.run(['startvm', 'old', '--type', 'headless'])).rejects.toThrow(
      /VBoxManage startvm old --type headless failed:\nerror: Host-only adapters are no longer supported!/,
    );
  });

  it('Apple Silicon is refused with the explanation and the other path, before any VBoxManage call', async () => {
    standin = makeStandin({ platform: 'darwin' });
    await expect(create(makeVirtualboxDriver(depsFor({ arch: 'arm64' })))).rejects.toThrow(
      /Apple Silicon[\s\S]*Arm guests only[\s\S]*over SSH/,
    );
    expect(standin.calls()).toEqual([]);
  });
});

describe('stop and rm', () => {
  it('stop uses the ACPI power button, and powers off when the guest ignores it; rm unregisters, deletes the disks and the adapter it made', async () => {
    standin = makeStandin();
    const driver = makeVirtualboxDriver(depsFor());
    const record = await create(driver);
    expect(await driver.status(record)).toEqual({ state: 'running', pid: 0 });
    await driver.stop(record, silentProgress);
    expect(standin.world().vms[0]?.state).toBe('poweroff');
    expect(commands().filter((c) => c.startsWith('controlvm'))).toEqual(['controlvm lab']);

    await driver.start(record, silentProgress);
    standin.configure((c) => Object.assign(c, { acpiStops: false }));
    await driver.stop(record, silentProgress);
    expect(
      standin
        .calls()
        .filter((c) => c[0] === 'controlvm')
        .map((c) => c[2]),
    ).toEqual(['acpipowerbutton', 'acpipowerbutton', 'poweroff']);
    expect(await driver.status(record)).toEqual({ state: 'stopped' });

    await driver.rm(record, silentProgress);
    expect(standin.world().vms).toEqual([]);
    expect(standin.world().hostonlyifs).toEqual([]);
    expect(existsSync(record.dir)).toBe(false);
    expect(standin.calls().find((c) => c[0] === 'unregistervm')).toEqual(['unregistervm', 'lab', '--delete']);
  }, 60_000);
});
