// The plain lab machine is what a reader has right after installing Debian 12 in a VM: it boots
// its disk through GRUB, has no Xen, a normal user whose sudo asks for a password, NICs named as
// VirtualBox names them, and an apt whose only source is the local repository of the guide's
// packages. A reboot really reboots (firmware, GRUB, the default entry).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LAB_USER } from '../../server/machine/driver';
import { driverFor } from '../../server/machine/drivers';
import { opensshArgs } from '../../server/machine/openssh';
import type { MachineRecord } from '../../server/machine/record';
import { runTool } from '../../server/machine/run-tool';
import { pollFor } from '../helpers/poll';
import { ciRequiresLab, labSkipReason } from '../lab/lab-env';
import { dom0, onrampMachine, openLabConfig } from '../lab/lab-machine';
import { cleanPlainMachine, PLAIN_MACHINE, plainRecord, plainUserPassword, serialTailOnFailure } from './plain-machine';

const skipReason = await labSkipReason();
const figures: string[] = [];

if (skipReason && ciRequiresLab) {
  describe('plain lab lane', () => {
    it('runs on CI (CI=true: a skipped lab lane is a failure)', () => {
      throw new Error(`the plain lab lane cannot run here: ${skipReason}`);
    });
  });
} else if (skipReason) {
  describe.skip(`plain lab lane (skipped: ${skipReason})`, () => {
    it('needs a lab host', () => {});
  });
} else {
  describe('plain lab machine: Debian 12 as installed', () => {
    let machine: MachineRecord;

    // a failing test prints where the machine's boot stopped (GRUB, Xen, dom0's console)
    beforeEach(serialTailOnFailure);

    beforeAll(async () => {
      await openLabConfig();
      machine = await cleanPlainMachine(figures);
    });

    afterAll(async () => {
      console.log(`plain machine figures:\n  ${figures.join('\n  ')}`);
      if (await plainRecord()) await onrampMachine(['stop', PLAIN_MACHINE], 300_000);
    });

    it('booted its own disk through GRUB (BOOT_IMAGE on the command line), and has no Xen', async () => {
      const cmdline = await dom0(machine, ['cat', '/proc/cmdline']);
      expect(cmdline.stdout).toMatch(/^BOOT_IMAGE=\/boot\/vmlinuz-\S+ root=UUID=/);
      const xen = await dom0(machine, ['sh', '-c', "'test -e /proc/xen; echo $?; dpkg-query -W xen-system-amd64'"]);
      expect(xen.stdout.split('\n')[0]).toBe('1');
      expect(xen.stderr).toMatch(/no packages found matching xen-system-amd64/);
    });

    it('names NIC 1 enp0s3 (DHCP, the SSH forward) and NIC 2 enp0s8 (left unconfigured), as VirtualBox does', async () => {
      const links = await dom0(machine, ['ip', '-o', 'link', 'show']);
      expect(links.stdout).toMatch(/^\d+: enp0s3:/m);
      expect(links.stdout).toMatch(/^\d+: enp0s8:/m);
      const addr = await dom0(machine, ['ip', '-o', '-4', 'addr', 'show']);
      expect(addr.stdout).toMatch(/enp0s3\s+inet 10\.0\.2\.15\//);
      expect(addr.stdout).not.toMatch(/enp0s8\s+inet /);
    });

    it("has the local repository as apt's only source: apt-get update works without the internet", async () => {
      const update = await dom0(machine, ['apt-get', 'update'], { timeoutMs: 300_000 });
      expect(update.code, update.stderr).toBe(0);
      expect(update.stdout).toMatch(/file:\/srv\/onramp-apt/);
      expect(update.stdout).not.toMatch(/deb\.debian\.org/);
      const policy = await dom0(machine, ['apt-cache', 'policy', 'xen-system-amd64', 'bridge-utils', 'dnsmasq']);
      for (const pkg of ['xen-system-amd64', 'bridge-utils', 'dnsmasq'])
        expect(policy.stdout).toMatch(new RegExp(`^${pkg}:\\n\\s+Installed: \\(none\\)\\n\\s+Candidate: \\d`, 'm'));
    });

    it("asks the normal user for a password for sudo, and takes the machine's password", async () => {
      const bare = await dom0(machine, ['sudo', '-n', 'true'], { user: LAB_USER });
      expect(bare.code).not.toBe(0);
      expect(bare.stderr).toMatch(/a password is required/);
      const target = driverFor(machine.driver).sshTarget(machine, LAB_USER);
      const withPassword = await runTool('ssh', opensshArgs(target, ['sudo', '-S', '-p', "''", 'id', '-u']), {
        stdin: `${await plainUserPassword(machine)}\n`,
        timeoutMs: 60_000,
      });
      expect(withPassword.stdout.trim(), withPassword.stderr).toBe('0');
    });

    it('reboots for real: firmware, GRUB menu on the serial console, the same SSH host key', async () => {
      const bootId = async () => (await dom0(machine, ['cat', '/proc/sys/kernel/random/boot_id'])).stdout.trim();
      const before = await bootId();
      expect(before).toMatch(/^[0-9a-f-]{36}$/);
      const serialLog = join(machine.dir, 'serial.log');
      const grubBanners = async () =>
        ((await readFile(serialLog, 'utf8').catch(() => '')).match(/GNU GRUB/g) ?? []).length;
      const bannersBefore = await grubBanners();
      const started = Date.now();
      await dom0(machine, ['systemctl', 'reboot'], { timeoutMs: 30_000 });
      // pinned host key (StrictHostKeyChecking=yes, the machine's known_hosts): no trust on first use
      const after = await pollFor(
        'SSH back with a new boot id after the reboot',
        async () => {
          const id = await bootId().catch(() => '');
          return id !== '' && id !== before ? id : undefined;
        },
        { timeoutMs: 900_000, intervalMs: 2000 },
      );
      figures.push(`reboot to SSH through GRUB: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(after).not.toBe(before);
      expect(await grubBanners()).toBeGreaterThan(bannersBefore);
      const cmdline = await dom0(machine, ['cat', '/proc/cmdline']);
      expect(cmdline.stdout).toMatch(/^BOOT_IMAGE=\/boot\/vmlinuz-/);
    });
  });
}
