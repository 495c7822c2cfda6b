// Real failures from public reports (tests/fixtures/tools/real-world, see its README) and composed
// inputs of the same kinds, against the exact verdicts of the Xen checks and the boot check.
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../protocol/verdict';
import { decideXenHvm, decideXenRunning, decideXenVersion } from '../../server/checks/defs/xen';
import { decideUnikernelBoot } from '../../server/checks/defs/unikernel';
import { execOutput, toolText, type OutputParts } from '../fixtures/tools/load';

const rw = (file: string) => toolText(`real-world/${file}`);
const EXPECTED_BOOT = 'the Solo5 banner, "hello" ×4, solo5_exit(0), then no domain left';
const BOOT = 'sudo xl create -c hello.xl';
const emptyList = execOutput({
  stdout: 'Name    ID   Mem VCPUs      State   Time(s)\nDomain-0  0  2048  2  r-----  10.0\n',
});

const mismatchFix = {
  summary:
    'Reinstall matching Xen packages (the tools and the hypervisor from one install; remove a source build in /usr/local) and reboot into that Xen.',
  commands: [
    "dpkg -l 'xen-*' 'libxen*'",
    'ls -l /usr/local/sbin/xl /usr/sbin/xl',
    'sudo apt-get install --reinstall xen-system-amd64',
    'sudo reboot',
  ],
  link: '/guide/troubleshooting#xl-permission-denied',
};
const tooOld = (v: string): Verdict => ({
  status: 'failed',
  reason: `Xen ${v} is too old: Mirage 4's PVH guests need Xen ≥ 4.10`,
  found: `Xen ${v}`,
  expected: 'Xen 4.10 or newer',
  fix: {
    summary: 'Upgrade dom0 to a distribution with Xen 4.10 or newer (Debian 12 ships 4.17).',
    commands: [],
    link: '/guide/troubleshooting#xen-too-old',
  },
});
const refused = (version: string, quoted: string, line: string): Verdict => ({
  status: 'failed',
  reason: `Xen ${version} is booted, but Xen refused xl even as root ("${quoted}"): the xl tools and the running hypervisor do not match (mixed Xen installs), or an XSM policy denies it`,
  found: line,
  expected: 'xl info answering as root',
  fix: mismatchFix,
});

describe('xl info as root, refused by Xen: never "run it as root"', () => {
  const physinfo = 'libxl: error: libxl.c:5098:libxl_get_physinfo: getting physinfo: Permission denied';
  const xsm = 'libxl: error: libxl.c:652:libxl_get_physinfo: getting physinfo: Operation not permitted';
  it.each<[string, OutputParts, Verdict, Verdict, Verdict]>([
    [
      'xl-info-as-root-refused (Xen 4.4.2, mixed installs; exit 0)',
      { stdout: rw('xl-info-as-root-refused.stdout'), stderr: rw('xl-info-as-root-refused.stderr') },
      refused('4.4.2', 'getting physinfo: Permission denied', physinfo),
      tooOld('4.4.2'),
      refused('4.4.2', 'getting physinfo: Permission denied', physinfo),
    ],
    [
      'xl-info-as-root-xsm.composed (FLASK enforcing, EPERM wording; exit 1)',
      {
        exitCode: 1,
        stdout: rw('xl-info-as-root-xsm.composed.stdout'),
        stderr: rw('xl-info-as-root-xsm.composed.stderr'),
      },
      refused('4.17.5-pre', 'getting physinfo: Operation not permitted', xsm),
      { status: 'passed', found: 'Xen 4.17.5-pre' },
      refused('4.17.5-pre', 'getting physinfo: Operation not permitted', xsm),
    ],
  ])('%s', (_name, parts, running, version, hvm) => {
    const out = execOutput(parts);
    expect(decideXenRunning(out)).toEqual(running);
    expect(decideXenVersion(out)).toEqual(version);
    expect(decideXenHvm(out)).toEqual(hvm);
  });

  it('the same refusal from an unprivileged run still says to run xl as root', () => {
    const out = execOutput({ exitCode: 1, stderr: rw('xl-info-as-root-refused.stderr') });
    const v = decideXenRunning(out, false, 'user');
    expect(v.status === 'failed' && [v.reason, v.fix.commands]).toEqual([
      'xl info was refused with "Permission denied": xl must run as root',
      ['sudo xl info'],
    ]);
  });
});

const boot = (parts: OutputParts, destroyed = false) =>
  decideUnikernelBoot({ name: 'hello', create: execOutput(parts), listAfter: emptyList, destroyed });
const rebuild = {
  summary: 'Boot it yourself with the console attached to see everything it prints.',
  commands: [BOOT],
  link: '/guide/troubleshooting#unikernel-boot',
};
const failedBoot = (reason: string, found: string, fix = rebuild): Verdict => ({
  status: 'failed',
  reason,
  found,
  expected: EXPECTED_BOOT,
  fix,
});
const notPvh = {
  summary: 'Rebuild it for Xen: the kernel was built for another target (unix, hvt, spt, virtio).',
  commands: ['mirage configure -t xen', 'make depend', 'make build'],
  link: '/guide/troubleshooting#hello-xen-not-built',
};
const moreMemory = (mb: number) => ({
  summary: `Give it more memory (memory= in the .xl, in MB; it had ${mb} MB), then boot it again.`,
  commands: [BOOT],
  link: '/guide/troubleshooting#unikernel-boot',
});
const bootArgs = {
  summary:
    "Correct the boot arguments: the .xl's cmdline (or extra) line passes them, and the usage line says what the unikernel accepts.",
  commands: ["grep -nE '^(cmdline|extra)' hello.xl", BOOT],
  link: '/guide/troubleshooting#unikernel-boot',
};

describe('xl create: found is the line that explains the failure, never the banner', () => {
  it.each<[string, Verdict]>([
    [
      'xl-create-invalid-kernel.txt',
      failedBoot(
        'xl create failed: the kernel is not a Xen PVH image',
        'xc: error: panic: xc_dom_core.c:702: xc_dom_find_loader: no loader found: Invalid kernel',
        notPvh,
      ),
    ],
    [
      'xl-create-not-pvh.composed.txt',
      failedBoot(
        'xl create failed: the kernel is not a Xen PVH image',
        'xc: error: panic: xc_dom_elfloader.c:64: xc_dom_guest_type: image not capable of booting inside a HVM container: Invalid kernel',
        notPvh,
      ),
    ],
    [
      'xl-create-out-of-memory.composed.txt',
      failedBoot(
        'xl create failed: Xen has not enough free memory for the domain',
        "xc: error: panic: xc_dom_boot.c:141: xc_dom_boot_mem_init: can't allocate low memory for domain: Out of memory",
        {
          summary:
            'Free memory for it: lower memory= in the .xl, destroy domains you do not need, or shrink dom0 (see free_memory in xl info).',
          commands: ['sudo xl info | grep free_memory', 'sudo xl list', BOOT],
          link: '/guide/troubleshooting#unikernel-boot',
        },
      ),
    ],
  ])('%s', (file, verdict) => {
    expect(boot({ exitCode: 1, stderr: rw(file) })).toEqual(verdict);
  });

  it('xl-create-xsm-denied.composed.txt: refused by Xen as root, not "no HVM"', () => {
    expect(boot({ exitCode: 1, stderr: rw('xl-create-xsm-denied.composed.txt') })).toEqual(
      failedBoot(
        'xl create was refused by Xen even as root: the xl tools and the running hypervisor do not match (mixed Xen installs), or an XSM policy denies it',
        'libxl: error: libxl_create.c:689:libxl__domain_make: Domain 4:domain creation fail: Permission denied',
        {
          summary:
            'Reinstall matching Xen packages (the tools and the hypervisor from one install) and reboot into that Xen; the xen-running check says more.',
          commands: ["dpkg -l 'xen-*' 'libxen*'", 'sudo apt-get install --reinstall xen-system-amd64', 'sudo reboot'],
          link: '/guide/troubleshooting#xl-permission-denied',
        },
      ),
    );
  });

  it('an unknown error: the first error line, not "Parsing config from"', () => {
    const v = boot({ exitCode: 1, stderr: 'Parsing config from hello.xl\nlibxl: error: something new: Bad thing\n' });
    expect(v.status === 'failed' && [v.reason, v.found]).toEqual([
      'xl create failed: libxl: error: something new: Bad thing',
      'libxl: error: something new: Bad thing',
    ]);
  });
});

describe("the boot verdict reads the guest's own failure lines; the ending outranks the hello count", () => {
  it.each<[string, Verdict]>([
    [
      'solo5-abort-out-of-memory.console',
      failedBoot('the unikernel aborted: out of memory', 'Fatal error: out of memory', moreMemory(32)),
    ],
    [
      'solo5-oom-exception.composed.console',
      failedBoot('the unikernel aborted: out of memory', 'Fatal error: exception Out_of_memory', moreMemory(16)),
    ],
    [
      'solo5-exit-64-bad-arguments.console',
      failedBoot(
        "the unikernel rejected its boot arguments (exit 64): qubes-firewall: too many arguments, don't know what to do with '*:debug'",
        'Usage: qubes-firewall [OPTION]…',
        bootArgs,
      ),
    ],
    [
      'solo5-exit-64-unknown-option.composed.console',
      failedBoot(
        "the unikernel rejected its boot arguments (exit 64): hello: unknown option '--hello-count'.",
        'Usage: hello [--help] [OPTION]…',
        bootArgs,
      ),
    ],
    [
      'solo5-uncaught-exception.composed.console',
      failedBoot(
        'the unikernel stopped on an uncaught exception: Invalid_argument("index out of bounds")',
        'Fatal error: exception Invalid_argument("index out of bounds")',
        {
          summary:
            'Read the exception: it names what failed (a boot argument, a device the .xl does not give it, a bug). Fix that, rebuild, and boot it again.',
          commands: [BOOT],
          link: '/guide/troubleshooting#unikernel-boot',
        },
      ),
    ],
    [
      'solo5-abort-trap.composed.console',
      failedBoot(
        'the unikernel crashed: Solo5: ABORT: cpu_x86_64.c:181: Fatal trap',
        'Solo5: ABORT: cpu_x86_64.c:181: Fatal trap',
      ),
    ],
    [
      'solo5-abort-assert.composed.console',
      failedBoot(
        "the unikernel crashed: Solo5: ABORT: mem.c:74: Assertion `mem_size >= 0x100000' failed",
        "Solo5: ABORT: mem.c:74: Assertion `mem_size >= 0x100000' failed",
      ),
    ],
    [
      'solo5-exit-1-error.composed.console',
      failedBoot(
        'the unikernel failed (exit 1): [ERROR] [application] cannot connect to 10.0.0.1:443: Connection refused',
        '[ERROR] [application] cannot connect to 10.0.0.1:443: Connection refused',
      ),
    ],
  ])('%s', (file, verdict) => {
    expect(boot({ stdout: rw(file) })).toEqual(verdict);
  });

  it('a banner and then nothing until the deadline', () => {
    expect(
      boot({ stdout: rw('solo5-banner-then-nothing.composed.console'), exitCode: null, timedOut: true }, true),
    ).toEqual(
      failedBoot(
        'the unikernel printed its Solo5 banner and then nothing for 45 s: it hangs before its first log line (often waiting for a network or block device the .xl does not give it); the check destroyed it',
        'Solo5 banner (v0.8.0), then no output',
        {
          ...rebuild,
          summary:
            'A unikernel with a network asks for DHCP by default and waits for a lease: give it an address (dnsmasq on the bridge, or --ipv4=A/N --ipv4-gateway=G in the .xl cmdline), then boot it yourself with the console attached.',
          link: '/guide/troubleshooting#waiting-for-dhcp',
        },
      ),
    );
  });

  it('solo5_abort() with no guest line says so; exit codes without a meaning are quoted', () => {
    const abort = boot({ stdout: 'Solo5: Xen console: port 0x2\nSolo5: solo5_abort() called\n' });
    expect(abort.status === 'failed' && [abort.reason, abort.found]).toEqual([
      'the unikernel aborted: solo5_abort() called',
      'Solo5: solo5_abort() called',
    ]);
    const odd = boot({ stdout: 'Solo5: Xen console: port 0x2\nsomething odd\nSolo5: solo5_exit(7) called\n' });
    expect(odd.status === 'failed' && [odd.reason, odd.found]).toEqual([
      'the unikernel exited with solo5_exit(7), not 0: something odd',
      'something odd',
    ]);
  });
});
