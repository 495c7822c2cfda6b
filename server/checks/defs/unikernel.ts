// unikernel-boot (an action): `xl create -c` the hello .xl, decide from the console, never from
// xl's exit code (0 whatever the guest does), and make sure the domain is gone afterwards.
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, fix, passed } from '../outcome';
import { shellCommand } from '../shell-command';
import { bootCommand, guestEndingVerdict, xlCreateFailed } from './boot-verdicts';
import { parseGuestEnding, parseSolo5Console } from '../parsers/console';
import { parseXlConfig } from '../parsers/xl-config';
import { parseXlList } from '../parsers/xl';
import { BOOT_DEADLINE_FLOOR_MS, bootDeadline, describeBootDeadline, type BootDeadline } from './boot-deadline';

/** The boot deadline's floor (boot-deadline.ts derives the real one from dom0's speed). */
export const BOOT_TIMEOUT_MS = BOOT_DEADLINE_FLOOR_MS;

/** `xl create -c` from the .xl file's directory: mirage writes `kernel = 'hello.xen'`, relative to it. The path arrives as $1. */
export const CREATE_IN_XL_DIR = 'cd -- "$(dirname -- "$1")" && exec xl create -c "./$(basename -- "$1")"';

export interface BootFacts {
  readonly name: string;
  /** `xl create -c FILE`: the console, with xl's own lines interleaved. */
  readonly create: ExecOutput;
  /** `xl list` after the run. */
  readonly listAfter: ExecOutput;
  /** The domain was still there and was destroyed by the check. */
  readonly destroyed: boolean;
  /** xenconsoled's log of the guest, read when `xl create -c` relayed no console (no terminal). */
  readonly consoleLog?: string;
  /** The deadline `xl create -c` had (default: the floor, 45 s). */
  readonly deadline?: BootDeadline;
}

export function decideUnikernelBoot(f: BootFacts): Verdict {
  const within = describeBootDeadline(f.deadline ?? bootDeadline(0));
  const console = `${f.create.stdout}\n${f.create.stderr}\n${f.consoleLog ?? ''}`;
  const solo5 = { ...parseSolo5Console(console), ...parseGuestEnding(console) };
  const expected = 'the Solo5 banner, "hello" ×4, solo5_exit(0), then no domain left';
  const rebuild = fix(
    'Boot it yourself with the console attached to see everything it prints.',
    [bootCommand(f.name)],
    'unikernel-boot',
  );
  if (!f.create.timedOut) {
    const cannot = couldNotRun(f.create, 'xl create');
    if (cannot) return cannot;
    if (f.create.exitCode !== 0 && !solo5.started) return xlCreateFailed(f.create, f.name, expected, rebuild);
  }
  if (!solo5.started)
    return failed(
      f.create.timedOut
        ? `xl create -c was still running after ${within} with no Solo5 console output yet${f.destroyed ? '; the check destroyed the domain' : ''}`
        : 'the unikernel printed no Solo5 console output',
      describeOutput(f.create),
      expected,
      rebuild,
    );
  // How the guest ended (exception, abort, trap, solo5_exit(N)) outranks the hello count.
  const ending = guestEndingVerdict(solo5, f.name, expected, rebuild);
  if (ending) return ending;
  if (solo5.exitCode === undefined && solo5.guestLines.length === 0) {
    return failed(
      `the unikernel printed its Solo5 banner and then nothing${f.create.timedOut ? ` for ${within}` : ''}: it hangs before its first log line (often waiting for a network or block device the .xl does not give it)${f.destroyed ? '; the check destroyed it' : ''}`,
      `Solo5 banner${solo5.bindingsVersion ? ` (${solo5.bindingsVersion})` : ''}, then no output`,
      expected,
      fix(
        'A unikernel with a network asks for DHCP by default and waits for a lease: give it an address (dnsmasq on the bridge, or --ipv4=A/N --ipv4-gateway=G in the .xl cmdline), then boot it yourself with the console attached.',
        [bootCommand(f.name)],
        'waiting-for-dhcp',
      ),
    );
  }
  if (solo5.exitCode === undefined) {
    return failed(
      `the unikernel did not exit within ${within} (it logged "hello" ${solo5.helloLines} times)${f.destroyed ? '; the check destroyed it' : ''}`,
      `"hello" ×${solo5.helloLines}, no solo5_exit`,
      expected,
      rebuild,
    );
  }
  if (solo5.helloLines !== 4)
    return failed(
      `the unikernel logged "hello" ${solo5.helloLines} times; it should log it 4 times`,
      `"hello" ×${solo5.helloLines}, solo5_exit(${solo5.exitCode})`,
      expected,
      rebuild,
    );
  if (solo5.exitCode !== 0)
    return failed(
      `the unikernel exited with solo5_exit(${solo5.exitCode}), not 0`,
      `solo5_exit(${solo5.exitCode})`,
      expected,
      rebuild,
    );
  const stillThere = f.listAfter.exitCode === 0 && parseXlList(f.listAfter.stdout).some((d) => d.name === f.name);
  if (stillThere || f.destroyed) {
    return failed(
      `the domain "${f.name}" was still in xl list after it exited${f.destroyed ? '; the check destroyed it' : ''}`,
      `"${f.name}" in xl list`,
      expected,
      fix(
        'Destroy it, and keep on_poweroff at its default (destroy) in the .xl.',
        [`sudo ${shellCommand('xl', 'destroy', f.name)}`],
        'unikernel-boot',
      ),
    );
  }
  return passed(
    `"hello" ×4, solo5_exit(0)${solo5.bindingsVersion ? `, Solo5 ${solo5.bindingsVersion}` : ''}; gone from xl list`,
  );
}

export const unikernelBoot: CheckDefinition = {
  id: 'unikernel-boot',
  // the floor's budget; the check extends it once it has measured dom0 (ctx.needs)
  timeoutMs: BOOT_TIMEOUT_MS + 15_000,
  async run(ctx) {
    const xlFile = ctx.settings.xlFile;
    const xl = await ctx.exec({ argv: ['cat', xlFile] });
    if (xl.exitCode !== 0)
      return { status: 'error', reason: `could not read ${xlFile} in dom0: ${describeOutput(xl)}` };
    const name = parseXlConfig(xl.stdout).name ?? 'hello';
    // The speed figure: this `xl list` through the same connection and sudo as the boot.
    const listStarted = Date.now();
    let before = await ctx.exec({ argv: ['xl', 'list'], root: true });
    const deadline = bootDeadline(Date.now() - listStarted);
    const running = (out: ExecOutput) => out.exitCode === 0 && parseXlList(out.stdout).some((d) => d.name === name);
    if (ctx.attempt === 2 && running(before)) {
      // The first attempt lost its connection after xl create: the domain it started is still there.
      await ctx.exec({ argv: ['xl', 'destroy', name], root: true });
      before = await ctx.exec({ argv: ['xl', 'list'], root: true });
    }
    if (running(before)) {
      return failed(
        `a domain named "${name}" is already running, so a new one cannot start`,
        `"${name}" in xl list`,
        `no domain named "${name}"`,
        fix('Destroy the old one first.', [`sudo ${shellCommand('xl', 'destroy', name)}`], 'unikernel-boot'),
      );
    }
    ctx.needs(deadline.createMs + deadline.afterMs);
    ctx.waitingFor(
      `\`xl create -c ${xlFile}\` to end (the unikernel's console, until solo5_exit; its deadline ${describeBootDeadline(deadline)})`,
    );
    const create = await ctx.exec({
      argv: ['sh', '-c', CREATE_IN_XL_DIR, 'sh', xlFile],
      root: true,
      timeoutMs: deadline.createMs,
    });
    const relayed = parseSolo5Console(`${create.stdout}\n${create.stderr}`).started;
    const log = relayed
      ? undefined
      : await ctx.exec({ argv: ['cat', `/var/log/xen/console/guest-${name}.log`], root: true });
    const listed = (out: ExecOutput) => out.exitCode === 0 && parseXlList(out.stdout).some((d) => d.name === name);
    // A domain that called solo5_exit can linger a moment while xl tears it down: look a few times.
    let listAfter = await ctx.exec({ argv: ['xl', 'list'], root: true });
    for (let i = 0; i < 5 && listed(listAfter); i++) {
      await new Promise((r) => setTimeout(r, 400));
      listAfter = await ctx.exec({ argv: ['xl', 'list'], root: true });
    }
    let destroyed = false;
    if (listed(listAfter)) {
      await ctx.exec({ argv: ['xl', 'destroy', name], root: true });
      destroyed = true;
      listAfter = await ctx.exec({ argv: ['xl', 'list'], root: true });
    }
    return decideUnikernelBoot({
      name,
      create,
      listAfter,
      destroyed,
      deadline,
      ...(log?.exitCode === 0 ? { consoleLog: log.stdout } : {}),
    });
  },
};
