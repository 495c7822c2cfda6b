// `onramp machine create --driver generic` against the plain machine (Debian 12 as installed,
// GRUB, no Xen; its user `onramp` has password sudo), as someone with a spare PC would run it: on
// a terminal, with the machine's host key fingerprint given (--host-key), the sudo password typed
// at the prompt. First a refusal with a fact faked where it cannot be real (QEMU TCG shows `svm`:
// a bind mount over /proc/cpuinfo hides it), then the whole guide through the autopilot, then a
// second run that finds everything done and changes nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../protocol/run-result';
import { driverFor } from '../../server/machine/drivers';
import type { MachineRecord } from '../../server/machine/record';
import { hostKeyBlob } from '../../server/machine/register-dom0';
import { findMachine, storePath } from '../../server/machine/store';
import { createLocalRunner } from '../../server/runners/local';
import { fingerprintOf } from '../../server/ssh/known-hosts';
import { ciRequiresLab, labSkipReason } from '../lab/lab-env';
import { dom0, labEnv, onrampMachine, openLabConfig } from '../lab/lab-machine';
import { cleanPlainMachine, PLAIN_MACHINE, plainRecord, plainUserPassword, serialTailOnFailure } from './plain-machine';

const root = resolve(import.meta.dirname, '../..');
const NAME = 'spare';
const skipReason = await labSkipReason();
const figures: string[] = [];

interface CliOnTerminal {
  readonly output: string;
  readonly result: RunResult;
  readonly prompts: number;
  readonly seconds: number;
}

if (skipReason && ciRequiresLab) {
  describe('generic driver on the plain machine', () => {
    it('runs on CI (CI=true: a skipped lab lane is a failure)', () => {
      throw new Error(`the plain lab lane cannot run here: ${skipReason}`);
    });
  });
} else if (skipReason) {
  describe.skip(`generic driver on the plain machine (skipped: ${skipReason})`, () => {
    it('needs a lab host', () => {});
  });
} else {
  describe('onramp machine create --driver generic on the plain machine', () => {
    let machine: MachineRecord;
    let password: string;
    let data: string;
    let args: string[];

    /** The CLI on a terminal, as a person runs it, typing the sudo password at each prompt. */
    async function createGeneric(timeoutMs: number): Promise<CliOnTerminal> {
      const started = Date.now();
      process.stderr.write(`$ onramp machine create --driver generic ${args.join(' ')}\n`);
      const proc = await createLocalRunner().spawnPty(
        {
          argv: [process.execPath, join(root, 'bin/onramp.mjs'), 'machine', 'create', '--driver', 'generic', ...args],
          env: { ...(labEnv as Record<string, string>), ONRAMP_DATA_DIR: data, SSH_AUTH_SOCK: '' },
          timeoutMs,
        },
        { cols: 200, rows: 50 },
      );
      let output = '';
      let prompts = 0;
      proc.onData((chunk) => {
        output += chunk;
        process.stderr.write(chunk);
        const asked = output.split('Enter the sudo password').length - 1;
        if (asked > prompts && output.trimEnd().endsWith(':')) {
          prompts += 1;
          proc.write(`${password}\r`);
        }
      });
      const result = await new Promise<RunResult>((done) => proc.onExit(done));
      return { output, result, prompts, seconds: (Date.now() - started) / 1000 };
    }

    // a failing test prints where the machine's boot stopped (GRUB, Xen, dom0's console)
    beforeEach(serialTailOnFailure);

    beforeAll(async () => {
      await openLabConfig();
      machine = await cleanPlainMachine(figures);
      password = await plainUserPassword(machine);
      data = await mkdtemp(join(tmpdir(), 'onramp-generic-lab-'));
      const target = driverFor(machine.driver).sshTarget(machine, 'onramp');
      args = [
        '--ssh',
        `onramp@127.0.0.1:${machine.sshPort}`,
        '--identity',
        target.identityFile,
        '--host-key',
        fingerprintOf(hostKeyBlob(machine.hostKey)),
        NAME,
      ];
    });

    afterAll(async () => {
      console.log(`generic driver on the plain machine, figures:\n  ${figures.join('\n  ')}`);
      if (await plainRecord()) await onrampMachine(['stop', PLAIN_MACHINE], 300_000);
      if (data) await rm(data, { recursive: true, force: true });
    });

    it('refuses a machine whose CPU shows no vmx/svm (faked: /proc/cpuinfo without svm), changing nothing', async () => {
      const real = await dom0(machine, ['grep', '-c', "' svm '", '/proc/cpuinfo']);
      expect(real.stdout.trim(), 'QEMU TCG -cpu max shows svm: the fact must be faked').not.toBe('0');
      const faked = await dom0(machine, [
        "sed 's/ svm / /' /proc/cpuinfo > /run/cpuinfo-no-svm && mount --bind /run/cpuinfo-no-svm /proc/cpuinfo",
      ]);
      expect(faked.code, faked.stderr).toBe(0);
      try {
        const run = await createGeneric(600_000);
        figures.push(`refusal (faked no svm): ${run.seconds.toFixed(1)} s`);
        expect(run.result.exitCode).toBe(1);
        expect(run.prompts).toBe(1);
        expect(run.output).not.toContain(password);
        expect(run.output).toContain('cannot become dom0 as it is (nothing was changed on it)');
        expect(run.output).toMatch(
          /hardware virtualisation: found neither vmx nor svm in \/proc\/cpuinfo's flags \(the flag hypervisor is there: the machine is itself a VM\)/,
        );
        expect(run.output).toMatch(
          / {2}fix: This VM does not get VT-x\/AMD-V from its hypervisor: turn on nested virtualisation/,
        );
        // Everything else about the plain machine is what the guide needs
        expect(run.output).not.toMatch(
          /^(operating system|processor architecture|memory|free disk|sudo|network card)/m,
        );
      } finally {
        const undone = await dom0(machine, ['umount', '/proc/cpuinfo']);
        expect(undone.code, undone.stderr).toBe(0);
      }
      const xen = await dom0(machine, ['dpkg-query', '-W', 'xen-system-amd64']);
      expect(xen.code, 'no Xen was installed').not.toBe(0);
      expect(await findMachine(NAME, storePath({ ...labEnv, ONRAMP_DATA_DIR: data }))).toBeUndefined();
    });

    /** What a run could change: packages, the files the steps write, GRUB's menu, the boot. */
    async function machineState(): Promise<string> {
      const files = [
        '/etc/default/grub.d/zz-onramp-xen.cfg',
        '/etc/default/xen',
        '/boot/grub/grub.cfg',
        '/etc/network/interfaces.d/br0',
        '/etc/dnsmasq.d/onramp.conf',
      ];
      const state = await dom0(machine, [
        `dpkg-query -W -f '\${Package} \${Version}\\n' | md5sum; md5sum ${files.join(' ')}; cat /proc/sys/kernel/random/boot_id`,
      ]);
      expect(state.code, state.stderr).toBe(0);
      return state.stdout;
    }

    it("runs the guide's dom0 chapters through the autopilot, boots Xen through GRUB, registers; a second run changes nothing", async () => {
      const first = await createGeneric(3_000_000);
      figures.push(`first run (both chapters, two reboots): ${first.seconds.toFixed(1)} s`);
      for (const m of first.output.matchAll(/^\[\s*[\d.]+s\] ((?:xen|dom0): .*(?:passed|satisfied).*)$/gm))
        figures.push(m[1] ?? '');
      expect(first.result.exitCode, first.output.slice(-6000)).toBe(0);
      expect(first.output).not.toContain(password);
      expect(first.output).toMatch(/chapter "Xen in dom0": done in/);
      expect(first.output).toMatch(/chapter "dom0 networking": done in/);
      const info = await dom0(machine, ['xl', 'info']);
      expect(info.stdout).toMatch(/^xen_commandline\s+:.*\bdom0_mem=1024M,max:1024M\b/m);
      const record = await findMachine(NAME, storePath({ ...labEnv, ONRAMP_DATA_DIR: data }));
      expect(record).toMatchObject({
        driver: 'generic',
        sshHost: '127.0.0.1',
        sshPort: machine.sshPort,
        sshUser: 'onramp',
      });

      const before = await machineState();
      const second = await createGeneric(1_200_000);
      figures.push(`second run (everything done): ${second.seconds.toFixed(1)} s`);
      expect(second.result.exitCode, second.output.slice(-6000)).toBe(0);
      for (const step of [
        'xen-install',
        'xen-grub-default',
        'xen-reboot',
        'xen-console-logs',
        'dom0-bridge-ifupdown',
        'dom0-bridge-reboot',
        'dom0-dnsmasq',
      ])
        expect(second.output).toMatch(new RegExp(`: ${step}: satisfied, skipped`));
      expect(await machineState()).toBe(before);
    });
  });
}
