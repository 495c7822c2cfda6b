// xen-running, xen-version, xen-hvm: `xl info` as root in dom0.
import { factValue, factVersion } from '../../../protocol/guide-facts';
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckContext, CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, firstLine, fix, isNotFound, passed } from '../outcome';
import { isSudoPasswordRequired, isXlPermissionDenied, parseXlInfo, xlRefusalLine } from '../parsers/xl';
import { atLeast, parseVersion } from '../parsers/version';

const XEN_MIN = factVersion('xenMinimum');
const XEN_MIN_TEXT = factValue('xenMinimum');

/**
 * Who ran `xl info`. The checks always ask for root (`sudo -n`, or root itself), so a refusal
 * then is not "run it as root": it is Xen refusing root. `user` is for outputs of an unprivileged run.
 */
export type XlRunAs = 'root' | 'user';

/** What `xl info` gave: every readable line, and the problem its output shows (if any). */
export interface XlInfoFacts {
  readonly info: ReadonlyMap<string, string>;
  /** Why the output is not a clean answer (a refusal, no hypervisor, a failed exit), judged after the readable lines. */
  readonly problem: Verdict | undefined;
}

const EXPECTED_ROOT = 'xl info answering as root';

function xenVersionOf(info: ReadonlyMap<string, string>): string | undefined {
  return (
    info.get('xen_version') ??
    (info.has('xen_major')
      ? `${info.get('xen_major')}.${info.get('xen_minor') ?? '0'}${info.get('xen_extra') ?? ''}`
      : undefined)
  );
}

/** Xen refused xl although it ran as root: the tools do not match the hypervisor, or an XSM policy denies dom0. */
function refusedAsRoot(line: string, info: ReadonlyMap<string, string>): Verdict {
  const version = xenVersionOf(info);
  const booted = version ? `Xen ${version} is booted, but ` : '';
  return failed(
    `${booted}Xen refused xl even as root ("${line.replace(/^.*?:\s*(?=[^:]*:[^:]*$)/, '')}"): the xl tools and the running hypervisor do not match (mixed Xen installs), or an XSM policy denies it`,
    line,
    EXPECTED_ROOT,
    fix(
      'Reinstall matching Xen packages (the tools and the hypervisor from one install; remove a source build in /usr/local) and reboot into that Xen.',
      [
        "dpkg -l 'xen-*' 'libxen*'",
        'ls -l /usr/local/sbin/xl /usr/sbin/xl',
        'sudo apt-get install --reinstall xen-system-amd64',
        'sudo reboot',
      ],
      'xl-permission-denied',
    ),
  );
}

function refusedAsUser(line: string): Verdict {
  return failed(
    'xl info was refused with "Permission denied": xl must run as root',
    line,
    EXPECTED_ROOT,
    fix(
      'Run xl through sudo (Onramp does when sudo works without a password).',
      ['sudo xl info'],
      'xl-permission-denied',
    ),
  );
}

/** The verdict for a run that could not ask Xen at all (not installed, sudo, timeout), else undefined. */
function cannotAsk(out: ExecOutput, xlInSbin: boolean): Verdict | undefined {
  const cannot = couldNotRun(out, 'xl info');
  if (cannot) return cannot;
  if (isNotFound(out) && xlInSbin) {
    return failed(
      "xl is installed in /usr/sbin but is not on this user's PATH: it must run as root",
      firstLine(out.stderr) || 'xl not on PATH',
      EXPECTED_ROOT,
      fix(
        'Run xl as root (Onramp uses sudo -n; let your dom0 user run xl without a password).',
        ['sudo xl info'],
        'xl-sudo',
      ),
    );
  }
  if (isNotFound(out)) {
    return failed(
      'xl was not found in dom0: the Xen tools are not installed',
      'no xl on PATH',
      EXPECTED_ROOT,
      fix(
        'Install Xen in dom0 and reboot into it.',
        ['sudo apt-get install -y xen-system-amd64', 'sudo reboot'],
        'xen-missing',
      ),
    );
  }
  if (isSudoPasswordRequired(out.stderr)) {
    return failed(
      'sudo needs a password to run xl in dom0, and none was given (onramp doctor cannot ask for one)',
      firstLine(out.stderr),
      EXPECTED_ROOT,
      fix(
        "Run this check from Onramp's page (it asks for the sudo password and holds it for 15 minutes), or let your dom0 user run xl without a password.",
        ['echo "$USER ALL=(root) NOPASSWD: /usr/sbin/xl" | sudo tee /etc/sudoers.d/onramp-xl'],
        'xl-sudo',
      ),
    );
  }
  return undefined;
}

/**
 * `xl info` read in full: the readable `key : value` lines (also when xl also printed errors or
 * exited non-zero) and the problem its stderr and exit code show; or the verdict when xl could
 * not be asked at all. `runAs` says who ran it (the checks: root).
 */
export function readXlInfo(out: ExecOutput, xlInSbin = false, runAs: XlRunAs = 'root'): XlInfoFacts | Verdict {
  const cannot = cannotAsk(out, xlInSbin);
  if (cannot) return cannot;
  const info = parseXlInfo(out.stdout);
  const refusal = isXlPermissionDenied(out.stderr) ? xlRefusalLine(out.stderr) : undefined;
  if (refusal !== undefined) {
    return { info, problem: runAs === 'user' ? refusedAsUser(refusal) : refusedAsRoot(refusal, info) };
  }
  if (/privileged command interface|cannot open libxc handle|cannot init xl context|is Xen running/i.test(out.stderr)) {
    return {
      info,
      problem: failed(
        'dom0 was booted without Xen: xl cannot reach the hypervisor',
        firstLine(out.stderr),
        'dom0 running on the Xen hypervisor',
        fix(
          'Make Xen the default boot entry and reboot.',
          [
            'sudo dpkg-divert --divert /etc/grub.d/08_linux_xen --rename /etc/grub.d/20_linux_xen',
            'sudo update-grub',
            'sudo reboot',
          ],
          'xen-not-booted',
        ),
      ),
    };
  }
  if (out.exitCode !== 0 || info.size === 0)
    return {
      info,
      problem: failed(
        'xl info failed',
        describeOutput(out),
        EXPECTED_ROOT,
        fix('Run it yourself to see the full error.', ['sudo xl info'], 'xen-missing'),
      ),
    };
  return { info, problem: undefined };
}

/** `xl info` parsed, or the verdict for why Xen could not be asked (kept for callers that need a clean answer). */
export function xlInfoOrVerdict(
  out: ExecOutput,
  xlInSbin = false,
  runAs: XlRunAs = 'root',
): ReadonlyMap<string, string> | Verdict {
  const facts = readXlInfo(out, xlInSbin, runAs);
  if ('status' in facts) return facts;
  return facts.problem ?? facts.info;
}

export function decideXenRunning(out: ExecOutput, xlInSbin = false, runAs: XlRunAs = 'root'): Verdict {
  const facts = readXlInfo(out, xlInSbin, runAs);
  if ('status' in facts) return facts;
  if (facts.problem) return facts.problem;
  const version = xenVersionOf(facts.info);
  return passed(`Xen ${version ?? '(version not shown)'} on ${facts.info.get('host') ?? 'dom0'}`);
}

/** Judged from the version lines whenever they were readable, whatever else the output says. */
export function decideXenVersion(out: ExecOutput, xlInSbin = false, runAs: XlRunAs = 'root'): Verdict {
  const facts = readXlInfo(out, xlInSbin, runAs);
  if ('status' in facts) return facts;
  const text = xenVersionOf(facts.info);
  const version = text ? parseVersion(text) : undefined;
  const expected = `Xen ${XEN_MIN_TEXT} or newer`;
  const upgrade = fix(
    `Upgrade dom0 to a distribution with Xen ${XEN_MIN_TEXT} or newer (Debian 12 ships ${factValue('debianXenSeries')}).`,
    [],
    'xen-too-old',
  );
  if (!text || !version)
    return facts.problem ?? failed('xl info shows no xen_version', 'no xen_version line', expected, upgrade);
  if (!atLeast(version, XEN_MIN))
    return failed(
      `Xen ${text} is too old: Mirage 4's PVH guests need Xen ≥ ${XEN_MIN_TEXT}`,
      `Xen ${text}`,
      expected,
      upgrade,
    );
  return passed(`Xen ${text}`);
}

/** Judged from virt_caps when it was readable; without it, the output's problem decides. */
export function decideXenHvm(out: ExecOutput, xlInSbin = false, runAs: XlRunAs = 'root'): Verdict {
  const facts = readXlInfo(out, xlInSbin, runAs);
  if ('status' in facts) return facts;
  const caps = facts.info.get('virt_caps');
  if (caps === undefined && facts.problem) return facts.problem;
  if ((caps ?? '').split(/\s+/).includes('hvm')) return passed(`virt_caps: ${caps}`);
  return failed(
    `Xen has no HVM support (virt_caps: ${caps || 'empty'}): Mirage 4's Xen target is PVH-only and needs it`,
    `virt_caps: ${caps || 'empty'}`,
    'hvm in virt_caps',
    fix(
      'In VirtualBox, turn on nested VT-x/AMD-V for the dom0 VM (it must be powered off), then start it again.',
      ['VBoxManage modifyvm dom0 --nested-hw-virt on'],
      'nested-virt',
    ),
  );
}

/** `xl info` as root, and when xl is not found, whether /usr/sbin/xl exists (not on a normal user's PATH on Debian). */
async function gatherXlInfo(ctx: CheckContext): Promise<[ExecOutput, boolean]> {
  const out = await ctx.exec({ argv: ['xl', 'info'], root: true });
  if (!isNotFound(out)) return [out, false];
  return [out, (await ctx.exec({ argv: ['test', '-x', '/usr/sbin/xl'] })).exitCode === 0];
}

/**
 * The deadline (ms) of a check that runs `xl info` as root in dom0: a new SSH channel, `sudo -S -v`,
 * then `sudo -n xl info`. The engine's 10 s default is too short for a loaded dom0: the lab's
 * TCG dom0 measured `sudo -n xl list` at 5.8-12.5 s (load 12 on 2 cores, 2026-11-30, see
 * boot-deadline.ts), and right after a guest booted and was torn down "Boot the unikernel"'s
 * `xen-running` overran 10 s, so `xen-version` was skipped and the boot check with it (the plain
 * lab's autopilot run, 2026-11-30). 60 s is about 5 times the slowest figure measured; a dom0
 * that answers at all answers well within it, and one that does not is still reported.
 */
export const XL_INFO_CHECK_TIMEOUT_MS = 60_000;

export const xenRunning: CheckDefinition = {
  id: 'xen-running',
  timeoutMs: XL_INFO_CHECK_TIMEOUT_MS,
  run: async (ctx) => decideXenRunning(...(await gatherXlInfo(ctx))),
};
export const xenVersion: CheckDefinition = {
  id: 'xen-version',
  timeoutMs: XL_INFO_CHECK_TIMEOUT_MS,
  run: async (ctx) => decideXenVersion(...(await gatherXlInfo(ctx))),
};
export const xenHvm: CheckDefinition = {
  id: 'xen-hvm',
  timeoutMs: XL_INFO_CHECK_TIMEOUT_MS,
  run: async (ctx) => decideXenHvm(...(await gatherXlInfo(ctx))),
};
