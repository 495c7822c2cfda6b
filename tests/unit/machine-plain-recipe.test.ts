// The plain recipe: a PC that boots its disk through SeaBIOS and GRUB (reboots really reboot),
// NIC 1 the loopback SSH forward, NIC 2 on a segment only inside QEMU; its own cache keys.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { contentDirs, loadContent } from '../../lib/content/index';
import type { StepDecl } from '../../protocol/steps';
import { aptPackagesOfSteps, PLAIN_LAB_CHAPTERS } from '../../server/machine/qemu/guide-packages';
import { imageKeys, loadRecipe, parsePackageList, recipeNameProblem } from '../../server/machine/qemu/image-recipe';
import { grubInstallBootArgs, qemuArgs, type PlainLaunch } from '../../server/machine/qemu/qemu-args';

const launch: PlainLaunch = {
  recipe: 'plain',
  name: 'onramp-plain',
  accel: 'tcg',
  disk: '/m/disk.qcow2',
  seedDisk: '/m/seed.raw',
  sshPort: 40022,
  serialLog: '/m/serial.log',
  monitorSocket: '/m/monitor.sock',
  pidFile: '/m/qemu.pid',
  aptRepo: '/c/apt-repo.raw',
};

function valueAfter(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1] ?? ''] : []));
}

describe('plain qemuArgs', () => {
  it('boots from the disk through the firmware: no -kernel, and a reboot resets instead of quitting', () => {
    const args = qemuArgs(launch);
    expect(args).not.toContain('-kernel');
    expect(args).not.toContain('-no-reboot');
    expect(valueAfter(args, '-device')).toContain('virtio-blk-pci,drive=d0,addr=0x4,bootindex=0');
    expect(valueAfter(args, '-drive')).toEqual([
      'file=/m/disk.qcow2,if=none,id=d0,format=qcow2',
      'file=/m/seed.raw,if=none,id=d1,format=raw,readonly=on',
      // the guide's packages, read-only: savevm leaves it alone, the VM cannot change it
      'file=/c/apt-repo.raw,if=none,id=d2,format=raw,readonly=on',
    ]);
  });

  it('has NIC 1 with only the loopback SSH forward and NIC 2 on a hub with nothing else on it', () => {
    const args = qemuArgs(launch);
    expect(valueAfter(args, '-netdev')).toEqual([
      'user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:40022-:22',
      'hubport,id=n1,hubid=1',
    ]);
    // slots 3 and 8 without root-bus hotplug: Debian names them enp0s3 and enp0s8, as VirtualBox's
    expect(valueAfter(args, '-device')).toEqual(
      expect.arrayContaining(['virtio-net-pci,netdev=n0,addr=0x3', 'virtio-net-pci,netdev=n1,addr=0x8']),
    );
    expect(valueAfter(args, '-global')).toEqual(['PIIX4_PM.acpi-root-pci-hotplug=off']);
    expect(args.join(' ')).not.toMatch(/tap|bridge|guestfwd|hostfwd=tcp::|0\.0\.0\.0/);
  });

  it('hides SMAP from the guest under TCG (the Xen it installs later must boot there), not under KVM', () => {
    expect(valueAfter(qemuArgs(launch), '-cpu')).toEqual(['max,smap=off']);
    expect(valueAfter(qemuArgs({ ...launch, accel: 'kvm' }), '-cpu')).toEqual(['host']);
  });

  it('restores the clean snapshot only when asked', () => {
    expect(qemuArgs(launch)).not.toContain('-loadvm');
    expect(valueAfter(qemuArgs({ ...launch, loadSnapshot: 'ready' }), '-loadvm')).toEqual(['ready']);
  });

  it('installs GRUB in one build-time boot without a network, which ends QEMU when it powers off', () => {
    const args = grubInstallBootArgs({
      accel: 'kvm',
      disk: '/c/disk.raw',
      vmlinuz: '/c/vmlinuz',
      initrd: '/c/initrd.img',
      rootUuid: 'u-1',
      serialLog: '/c/log',
    });
    expect(args).toContain('-no-reboot');
    expect(valueAfter(args, '-nic')).toEqual(['none']);
    expect(valueAfter(args, '-append')).toEqual(['root=UUID=u-1 ro console=ttyS0,115200n8']);
  });
});

describe('plain recipe', () => {
  it('reads lab/plain with GRUB, ifupdown and sudo, and no Xen', async () => {
    const recipe = await loadRecipe('http://deb.debian.org/debian', undefined, 'plain');
    expect(recipe.packages).toEqual(expect.arrayContaining(['grub-pc', 'linux-image-amd64', 'ifupdown', 'sudo']));
    expect(recipe.packages.some((p) => p.startsWith('xen'))).toBe(false);
    expect(recipe.files['plain/grub-firstboot.sh']).toContain('grub-install');
  });

  it('has cache keys of its own, unchanged for the xen recipe', async () => {
    const mirror = 'http://deb.debian.org/debian';
    const xen = await loadRecipe(mirror);
    const plain = await loadRecipe(mirror, undefined, 'plain');
    expect(imageKeys(plain).base).not.toBe(imageKeys(xen).base);
    const { name: _name, ...unnamed } = xen;
    expect(imageKeys(unnamed)).toEqual(imageKeys(xen));
  });

  it('names the recipes there are when given another', () => {
    expect(recipeNameProblem('plain')).toBeNull();
    expect(recipeNameProblem('alpine')).toMatch(/unknown recipe "alpine": .*"xen".*"plain"/);
  });
});

describe("the plain image's apt repository", () => {
  it('holds exactly the packages the Xen and dom0 networking chapters install in dom0', async () => {
    const { registry } = await loadContent(contentDirs({}));
    const listed = parsePackageList(
      await readFile(new URL('../../lab/plain/guide-packages.txt', import.meta.url), 'utf8'),
    );
    expect(aptPackagesOfSteps(registry.steps, PLAIN_LAB_CHAPTERS).sort()).toEqual([...listed].sort());
  }, 60_000);

  it('reads package names from apt-get install lines, skipping options and other commands', () => {
    const step = (command: string, chapter = 'xen', target: 'dom0' | 'host' = 'dom0') =>
      ({
        id: 's',
        target,
        command,
        lang: 'sh',
        params: [],
        root: true,
        chapter,
        at: { file: 'f', line: 1 },
      }) as unknown as StepDecl;
    expect(
      aptPackagesOfSteps(
        [
          step('apt-get update && apt-get install -y xen-system-amd64'),
          step('apt install -y --no-install-recommends a b\napt-get install -y a'),
          step('apt-get install -y host-only', 'xen', 'host'),
          step('apt-get install -y elsewhere', 'opam'),
        ],
        ['xen'],
      ),
    ).toEqual(['xen-system-amd64', 'a', 'b']);
  });
});
