// `onramp machine`: lab dom0 machines (create, ls, start, stop, ssh, ip, rm) and the image cache (prune).
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatBootFigures, LAB_USER, type BootFigures, type Booted } from '../machine/driver';
import { driverFor, DRIVER_NAMES } from '../machine/drivers';
import { opensshArgs } from '../machine/openssh';
import { progressTo } from '../machine/progress';
import { machineNameProblem, type MachineRecord } from '../machine/record';
import { refreshIfDom0, registerAsDom0, type Registration } from '../machine/register-dom0';
import { findMachine, loadMachines, machineDir, makeMachineDir, putMachine, removeMachine } from '../machine/store';
import { halfMadeRecord, loadVboxState } from '../machine/virtualbox/vbox-state';
import { formatEnv, machineEnv } from '../machine/virtualbox/machine-env';
import { planNetwork } from '../machine/virtualbox/plan-network';
import { realVirtualboxDeps } from '../machine/virtualbox/virtualbox-deps';
import { errorMessage } from '../../protocol/result';
import { createGenericCli } from './machine-generic';
import { cacheDir } from '../config/paths';
import { hostDebianMirror } from '../machine/qemu/debian-mirror';
import { labImagesDir } from '../machine/qemu/image-cache';
import { applyPrune, formatPrunePlan, planCachePrune } from '../machine/qemu/image-prune';
import { DEBIAN_SUITE } from '../machine/qemu/image-recipe';

type SetExit = (code: number) => void;

interface CreateCliOptions {
  readonly driver: string;
  readonly hostonlyIp?: string;
  readonly recipe?: string;
  readonly ssh?: string;
  readonly identity?: string;
  readonly hostKey?: string;
  readonly param?: string[];
}

const progress = progressTo((line) => process.stderr.write(line));

function fail(setExit: SetExit, verb: string, err: unknown): void {
  console.error(`onramp machine ${verb}: ${errorMessage(err)}`);
  setExit(1);
}

async function mustFind(name: string): Promise<MachineRecord> {
  const record = await findMachine(name);
  if (!record) {
    const names = (await loadMachines()).map((m) => m.name);
    throw new Error(
      `no machine named "${name}" (${names.length ? `known: ${names.join(', ')}` : 'none created yet'}); create it with: onramp machine create --driver qemu ${name}`,
    );
  }
  return record;
}

function figures(measured: BootFigures): void {
  const text = formatBootFigures(measured);
  if (text) progress.phase(`figures: ${text}`);
}

function reportRegistration(sshLabel: string, done: Registration): void {
  const kept = done.replaced
    ? `; the previous target ${done.replaced.user}@${done.replaced.host}:${done.replaced.port} is kept in Settings' earlier targets`
    : '';
  progress.phase(`dom0 target: ${sshLabel} (written to ${done.path}${kept})`);
}

function labSshLabel(record: MachineRecord): string {
  const t = driverFor(record.driver).sshTarget(record, LAB_USER);
  return `${t.user}@${t.host}:${t.port}`;
}

/** `create` and `start --use-as-dom0`: the user asked for this machine as dom0. */
async function registerDom0(record: MachineRecord): Promise<void> {
  reportRegistration(
    labSshLabel(record),
    await registerAsDom0(record, driverFor(record.driver).sshTarget(record, LAB_USER)),
  );
}

/** A plain `start`: dom0.json is refreshed only when it already names this machine. */
async function keepDom0Current(record: MachineRecord): Promise<void> {
  const done = await refreshIfDom0(record, driverFor(record.driver).sshTarget(record, LAB_USER));
  if (done) reportRegistration(labSshLabel(record), done);
  else
    progress.phase(
      `dom0 target unchanged (it is not this machine); to use it as dom0: onramp machine start ${record.name} --use-as-dom0`,
    );
}

export function registerMachine(program: Command, setExit: SetExit): void {
  const machine = program
    .command('machine')
    .description(
      'dom0 machines: Debian 12 + Xen in a local VM (qemu, virtualbox), or a machine of your own over SSH (generic)',
    );

  machine
    .command('create <name>')
    .description(
      "make a dom0 VM and make it Onramp's dom0 target: qemu builds a Debian 12 + Xen disk image once (cached for later machines) and boots it; virtualbox makes a Debian 12 + Xen VM from Debian's cloud image; --driver generic: make a machine of your own dom0 over SSH with the guide's steps",
    )
    .option('--driver <driver>', `hypervisor driver (${DRIVER_NAMES.join(', ')})`, 'qemu')
    .option(
      '--hostonly-ip <cidr>',
      "virtualbox: the host's address on the host-only network (default: the first free /24 VirtualBox allows)",
    )
    .option(
      '--recipe <recipe>',
      'qemu: xen (the lab dom0, Xen ready; default) or plain (Debian 12 as installed, GRUB, no Xen: follow the guide on it)',
    )
    .option('--ssh <user@host[:port]>', "generic: the machine's SSH address (a spare PC, a cloud VM, a server)")
    .option('--identity <key>', 'generic: the private key to log in with (default: ~/.ssh/config, then ssh-agent)')
    .option(
      '--host-key <SHA256:...>',
      "generic: the machine's host key fingerprint, as ssh-keygen -lf prints it on the machine (when it is not in known_hosts)",
    )
    .option(
      '--param <name=value>',
      "generic: a value for a parameter of the guide's steps (repeatable), e.g. --param nic=enp0s8",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(async (name: string, opts: CreateCliOptions) => {
      try {
        if (opts.driver === 'generic') {
          const made = await createGenericCli(name, opts, progress);
          reportRegistration(made.sshLabel, made.registration);
          console.log(`${name}: dom0 over SSH at ${made.sshLabel} (onramp machine ssh ${name})`);
          return;
        }
        if (opts.ssh !== undefined || opts.hostKey !== undefined || opts.identity !== undefined || opts.param)
          throw new Error(`--ssh, --identity, --host-key and --param are for --driver generic, not ${opts.driver}`);
        const problem = machineNameProblem(name);
        if (problem) throw new Error(problem);
        const driver = driverFor(opts.driver, { hostOnlyIp: opts.hostonlyIp, recipe: opts.recipe });
        const existing = await findMachine(name);
        // a create that stopped half-way is finished by running create again, where the driver keeps it
        const resumable =
          driver.failedCreate === 'resume' && (existing === undefined || existing.driver === driver.name);
        if (existing && !resumable)
          throw new Error(
            `machine "${name}" already exists; start it with: onramp machine start ${name} (or remove it first: onramp machine rm ${name})`,
          );
        const dir = machineDir(name);
        await makeMachineDir(dir);
        let booted: Booted;
        try {
          booted = await driver.create({ name, dir, progress });
        } catch (err) {
          // a driver that discards has stopped what it started; a half-made machine must not linger.
          // One that resumes keeps its half-made VM in this directory: create again finishes it.
          if (driver.failedCreate === 'resume')
            throw new Error(
              `${errorMessage(err)}\nFix the cause, then run the same command again to finish the machine (or onramp machine rm ${name}).`,
            );
          await rm(dir, { recursive: true, force: true });
          throw err;
        }
        const { record } = booted;
        await putMachine(record);
        await registerDom0(record);
        figures(booted.figures);
        console.log(`${name}: running, ssh root@127.0.0.1 -p ${record.sshPort} (onramp machine ssh ${name})`);
        if (record.recipe === 'plain')
          console.log(
            `${name}: plain Debian 12; user ${LAB_USER}, whose sudo password is in ${join(record.dir, 'user-password')}`,
          );
      } catch (err) {
        fail(setExit, 'create', err);
      }
    });

  machine
    .command('plan-network [name]')
    .description(
      'virtualbox: show the host-only network a machine would get (host, dom0, unikernel addresses), changing nothing',
    )
    .option('--hostonly-ip <cidr>', 'check this host address instead of choosing one (e.g. 192.168.56.1/24)')
    .option('--json', 'print the plan as JSON')
    .action(async (name: string | undefined, opts: { hostonlyIp?: string; json?: boolean }) => {
      try {
        const machineName = name ?? 'dom0';
        const plan = await planNetwork(
          realVirtualboxDeps({ hostOnlyIp: opts.hostonlyIp }),
          machineName,
          machineDir(machineName),
        );
        console.log(opts.json ? JSON.stringify(plan, null, 2) : `host-only network ${plan.summary}`);
      } catch (err) {
        fail(setExit, 'plan-network', err);
      }
    });

  machine
    .command('ls')
    .description('list machines: name, driver, state, SSH address')
    .action(async () => {
      try {
        const rows = [['NAME', 'DRIVER', 'STATE', 'SSH']];
        for (const m of await loadMachines()) {
          const state = await driverFor(m.driver).status(m);
          rows.push([m.name, m.driver, state.state, `${m.sshHost ?? '127.0.0.1'}:${m.sshPort}`]);
        }
        const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
        for (const r of rows)
          console.log(
            r
              .map((c, i) => c.padEnd(widths[i] ?? 0))
              .join('  ')
              .trimEnd(),
          );
      } catch (err) {
        fail(setExit, 'ls', err);
      }
    });

  machine
    .command('start <name>')
    .description(
      'start a machine: a qemu Xen machine resumes the booted state saved at create (the "ready" snapshot, seconds instead of a boot); a plain Debian one (create --recipe plain, Xen not yet installed) boots its disk as left; dom0 settings change only if asked',
    )
    .option('--clean', 'plain: start from the clean snapshot taken at create, dropping every change since')
    .option('--use-as-dom0', "make this machine Onramp's dom0 target (the current one is kept in Settings)")
    .action(async (name: string, opts: { clean?: boolean; useAsDom0?: boolean }) => {
      try {
        const before = await mustFind(name);
        const { record, figures: measured } = await driverFor(before.driver).start(before, progress, {
          clean: opts.clean === true,
        });
        await putMachine(record);
        await (opts.useAsDom0 ? registerDom0(record) : keepDom0Current(record));
        figures(measured);
      } catch (err) {
        fail(setExit, 'start', err);
      }
    });

  machine
    .command('stop <name>')
    .description('power a machine off (ACPI, then quit after a deadline)')
    .action(async (name: string) => {
      try {
        const record = await mustFind(name);
        figures(await driverFor(record.driver).stop(record, progress));
      } catch (err) {
        fail(setExit, 'stop', err);
      }
    });

  machine
    .command('ssh <name> [command...]')
    .description("run OpenSSH to the machine's dom0 with its key and pinned host key (-- command)")
    .option('--user <user>', 'log in as this user', 'root')
    .action(async (name: string, command: string[], opts: { user: string }) => {
      try {
        const record = await mustFind(name);
        const target = driverFor(record.driver).sshTarget(record, opts.user);
        const child = spawn('ssh', opensshArgs(target, command, command.length === 0 ? { tty: true } : {}), {
          stdio: 'inherit',
        });
        const code = await new Promise<number>((resolve) => {
          child.on('error', (err) => {
            console.error(`onramp machine ssh: cannot run ssh: ${err.message}`);
            resolve(127);
          });
          child.on('close', (c) => resolve(c ?? 255));
        });
        setExit(code);
      } catch (err) {
        fail(setExit, 'ssh', err);
      }
    });

  machine
    .command('ip <name>')
    .description("print the machine's SSH address (host:port)")
    .action(async (name: string) => {
      try {
        const record = await mustFind(name);
        const t = driverFor(record.driver).sshTarget(record);
        console.log(`${t.host}:${t.port}`);
      } catch (err) {
        fail(setExit, 'ip', err);
      }
    });

  machine
    .command('env <name>')
    .description('print shell exports for a machine: its SSH address and key, and its host-only plan (virtualbox)')
    .action(async (name: string) => {
      try {
        const record = await mustFind(name);
        const target = driverFor(record.driver).sshTarget(record, LAB_USER);
        const state = record.driver === 'virtualbox' ? await loadVboxState(record.dir) : undefined;
        console.log(formatEnv(machineEnv(record, target, state)));
      } catch (err) {
        fail(setExit, 'env', err);
      }
    });

  machine
    .command('rm <name>')
    .description(
      'stop a VM and delete it and its files (qemu, virtualbox); a generic machine is only forgotten: Onramp deletes its own record of it and changes nothing on the machine',
    )
    .action(async (name: string) => {
      try {
        const record =
          (await findMachine(name)) ?? (await halfMadeRecord(name, machineDir(name))) ?? (await mustFind(name));
        await driverFor(record.driver).rm(record, progress);
        await removeMachine(name);
      } catch (err) {
        fail(setExit, 'rm', err);
      }
    });

  machine
    .command('prune')
    .description(
      "remove cached disk images (and the Debian base trees they were built from) that no machine uses and no current recipe builds; never a machine's own disk",
    )
    .option('--dry-run', 'show what would be removed, remove nothing')
    .option('--keep <n>', 'also keep the N most recently used unused images', '0')
    .action(async (opts: { dryRun?: boolean; keep: string }) => {
      try {
        const keep = Number(opts.keep);
        if (!Number.isInteger(keep) || keep < 0)
          throw new Error(`--keep is "${opts.keep}"; expected a whole number ≥ 0`);
        const mirror = await hostDebianMirror(DEBIAN_SUITE, process.env);
        const { plan, stores } = await planCachePrune(process.env, mirror, keep);
        console.log(`image cache ${labImagesDir(cacheDir())}; machine stores read: ${stores.join(', ')}`);
        if (opts.dryRun !== true) await applyPrune(plan);
        for (const line of formatPrunePlan(plan, opts.dryRun === true)) console.log(line);
      } catch (err) {
        fail(setExit, 'prune', err);
      }
    });
}
