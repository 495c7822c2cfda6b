// Why a unikernel's boot failed, read from what xl and the guest printed: xl create's own error
// lines, then the guest's ending (exception, out of memory, abort, trap, solo5_exit(N), silence).
// The ending outranks the "hello" count (server/checks/README.md, "Reading tool output").
import type { Fix, Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import { describeOutput, failed, fix } from '../outcome';
import type { GuestEnding, Solo5Console } from '../parsers/console';
import { firstErrorLine, meaningfulLines } from '../parsers/tool-lines';
import { shellCommand } from '../shell-command';

/** The command that boots the .xl with its console attached, for fixes. */
export function bootCommand(name: string): string {
  return `sudo ${shellCommand('xl', 'create', '-c', `${name}.xl`)}`;
}

interface CreateErrorKind {
  readonly line: RegExp;
  /** The part of the line to show as `found` (default: the whole line). */
  readonly found?: (line: string) => string;
  readonly reason: (line: string) => string;
  readonly fix: (name: string) => Fix;
}

/** xl create's failures, most specific first; each names the line that explains it. */
const CREATE_ERRORS: readonly CreateErrorKind[] = [
  {
    line: /Could not find bridge device (\S+)/,
    found: (l) => /Could not find bridge device \S+/.exec(l)?.[0] ?? l,
    reason: (l) =>
      `xl create failed: the .xl attaches the unikernel to the bridge "${/Could not find bridge device (\S+)/.exec(l)?.[1] ?? ''}", which does not exist in dom0`,
    fix: () =>
      fix(
        "Point the .xl's vif at dom0's bridge (the xl-vif-bridge check names it), then boot again.",
        [],
        'xl-vif-bridge',
      ),
  },
  {
    line: /no loader found|Invalid kernel|xc_dom_find_loader|not a (?:Xen|PVH|ELF)|ELF.*(?:not|no) (?:a |)(?:Xen|PVH|note)|XEN_ELFNOTE_PHYS32_ENTRY/i,
    reason: () => 'xl create failed: the kernel is not a Xen PVH image',
    fix: () =>
      fix(
        'Rebuild it for Xen: the kernel was built for another target (unix, hvt, spt, virtio).',
        ['mirage configure -t xen', 'make depend', 'make build'],
        'hello-xen-not-built',
      ),
  },
  {
    line: /Out of memory|Cannot allocate memory|failed to free memory|can't allocate|not enough memory|insufficient memory/i,
    reason: () => 'xl create failed: Xen has not enough free memory for the domain',
    fix: (name) =>
      fix(
        'Free memory for it: lower memory= in the .xl, destroy domains you do not need, or shrink dom0 (see free_memory in xl info).',
        ['sudo xl info | grep free_memory', 'sudo xl list', `sudo ${shellCommand('xl', 'create', '-c', `${name}.xl`)}`],
        'unikernel-boot',
      ),
  },
  {
    line: /already exists|domain name .* is in use/i,
    reason: (l) => `xl create failed: a domain of that name already exists (${l})`,
    fix: (name) => fix('Destroy the old one first.', [`sudo ${shellCommand('xl', 'destroy', name)}`], 'unikernel-boot'),
  },
  {
    line: /Permission denied|Operation not permitted|avc:\s+denied/i,
    reason: () =>
      'xl create was refused by Xen even as root: the xl tools and the running hypervisor do not match (mixed Xen installs), or an XSM policy denies it',
    fix: () =>
      fix(
        'Reinstall matching Xen packages (the tools and the hypervisor from one install) and reboot into that Xen; the xen-running check says more.',
        ["dpkg -l 'xen-*' 'libxen*'", 'sudo apt-get install --reinstall xen-system-amd64', 'sudo reboot'],
        'xl-permission-denied',
      ),
  },
  {
    line: /(?:hvm|pvh|hardware virtuali[sz]ation).*not (?:supported|available)|not supported.*(?:hvm|pvh)|domain creation fail/i,
    reason: () => 'xl create failed: Xen cannot create a PVH domain here (no HVM support)',
    fix: () =>
      fix(
        'In VirtualBox, turn on nested VT-x/AMD-V for the dom0 VM (it must be powered off), then start it again.',
        [],
        'nested-virt',
      ),
  },
  {
    line: /config parsing error|Failed to parse config|syntax error/i,
    reason: (l) => `xl create failed: the .xl does not parse (${l})`,
    fix: (name) =>
      fix(
        'Fix the line xl names, or rebuild to get a fresh .xl.',
        [`cat ${shellCommand(`${name}.xl`)}`],
        'unikernel-boot',
      ),
  },
];

/** Why `xl create` refused: the first line of a known kind, else xl's first error line (never its `Parsing config` banner). */
export function xlCreateFailed(create: ExecOutput, name: string, expected: string, rebuild: Fix): Verdict {
  const lines = meaningfulLines(`${create.stderr}\n${create.stdout}`);
  for (const kind of CREATE_ERRORS) {
    const line = lines.find((l) => kind.line.test(l));
    if (line !== undefined) return failed(kind.reason(line), kind.found?.(line) ?? line, expected, kind.fix(name));
  }
  const first = firstErrorLine(`${create.stderr}\n${create.stdout}`);
  return failed(`xl create failed: ${first || 'no message'}`, first || describeOutput(create), expected, rebuild);
}

/** What common solo5_exit codes mean: OCaml/Mirage conventions (Cmdliner 124, Mirage's argument_error 64). */
const EXIT_MEANING: Readonly<Record<number, string>> = {
  1: 'the unikernel failed (exit 1)',
  2: 'the unikernel stopped on an uncaught exception (exit 2)',
  64: 'the unikernel rejected its boot arguments (exit 64)',
  124: 'the unikernel rejected its boot arguments (exit 124)',
  125: 'the unikernel failed with an internal error (exit 125)',
};

const ARGUMENT_EXITS = new Set([64, 124]);

function stripFatal(line: string): string {
  return line.replace(/^Fatal error:\s*/i, '');
}

/** Mirage's log lines start with an RFC 3339 time (`2024-04-14T14:15:22-00:00: `): not part of the message. */
const MIRAGE_STAMP = /^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d):\s*/;

/** The guest line that explains the ending: its last error-like line, else its last line. */
function lastGuestError(all: readonly string[]): string | undefined {
  const meaningful = all.map((l) => l.replace(MIRAGE_STAMP, '')).filter((l) => !/^Aborted\b|^abort\(\)/.test(l));
  return (
    [...meaningful]
      .reverse()
      .find((l) => /error|fail|invalid|unknown|too many|missing|cannot|can't|denied|not found/i.test(l)) ??
    meaningful.at(-1)
  );
}

/**
 * The verdict for how the guest ended, when it ended badly (an exception, out of memory, an
 * abort, a trap, solo5_exit(N ≠ 0)); undefined when it exited 0 or has not ended.
 */
export function guestEndingVerdict(
  solo5: Solo5Console & GuestEnding,
  name: string,
  expected: string,
  rebuild: Fix,
): Verdict | undefined {
  const lines = solo5.guestLines;
  const oom = [...lines, solo5.abort ?? ''].find((l) =>
    /\bout of memory\b|\bOut_of_memory\b|Cannot allocate memory/i.test(l),
  );
  if (oom)
    return failed(
      'the unikernel aborted: out of memory',
      oom,
      expected,
      fix(
        `Give it more memory (memory= in the .xl, in MB${solo5.memoryMb !== undefined ? `; it had ${solo5.memoryMb} MB` : ''}), then boot it again.`,
        [bootCommand(name)],
        'unikernel-boot',
      ),
    );
  const exception = lines.find((l) => /^Fatal error: exception\s/.test(l));
  if (exception)
    return failed(
      `the unikernel stopped on an uncaught exception: ${exception.replace(/^Fatal error: exception\s+/, '')}`,
      exception,
      expected,
      fix(
        'Read the exception: it names what failed (a boot argument, a device the .xl does not give it, a bug). Fix that, rebuild, and boot it again.',
        [bootCommand(name)],
        'unikernel-boot',
      ),
    );
  if (solo5.abort) return failed(`the unikernel crashed: ${solo5.abort}`, solo5.abort, expected, rebuild);
  if (solo5.abortCalled) {
    const cause = lastGuestError(lines);
    return failed(
      `the unikernel aborted: ${cause ? stripFatal(cause) : 'solo5_abort() called'}`,
      cause ?? 'Solo5: solo5_abort() called',
      expected,
      rebuild,
    );
  }
  const code = solo5.exitCode;
  if (code === undefined || code === 0) return undefined;
  const cause = lastGuestError(lines);
  if (ARGUMENT_EXITS.has(code)) {
    const usage = lines.find((l) => /^usage:/i.test(l));
    const complaint = lines.find(
      (l) =>
        l !== usage &&
        !/^Try '.*--help'/.test(l) &&
        /error|invalid|unknown|too many|missing|unexpected|required|option|argument/i.test(l),
    );
    return failed(
      `${EXIT_MEANING[code]}${complaint ? `: ${complaint}` : ''}`,
      usage ?? complaint ?? `Solo5: solo5_exit(${code}) called`,
      expected,
      fix(
        "Correct the boot arguments: the .xl's cmdline (or extra) line passes them, and the usage line says what the unikernel accepts.",
        [`grep -nE '^(cmdline|extra)' ${shellCommand(`${name}.xl`)}`, bootCommand(name)],
        'unikernel-boot',
      ),
    );
  }
  const meaning = EXIT_MEANING[code] ?? `the unikernel exited with solo5_exit(${code}), not 0`;
  return failed(`${meaning}${cause ? `: ${cause}` : ''}`, cause ?? `solo5_exit(${code})`, expected, rebuild);
}
