// host-platform: which machine this is (uname -sm, /etc/os-release) and which path of the guide fits it.
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, fix, isNotFound, passed, warning } from '../outcome';
import { parseOsRelease, parseUname } from '../parsers/os-release';

const X86 = new Set(['x86_64', 'amd64', 'i86pc']);
const ARM = new Set(['arm64', 'aarch64']);

/** `grep -m1 -o -w -E 'vmx|svm' /proc/cpuinfo`: the CPU's virtualisation flag as Linux shows it to this system. */
export const CPU_VIRT_ARGV = ['grep', '-m1', '-o', '-w', '-E', 'vmx|svm', '/proc/cpuinfo'] as const;

/**
 * What `CPU_VIRT_ARGV` found: 'vmx' (Intel VT-x), 'svm' (AMD-V), 'none' (grep ran and found no
 * flag: disabled in the firmware, or a VM without nested virtualisation), undefined when it did
 * not run or was not asked (not Linux).
 */
export function cpuVirtOf(out: ExecOutput | undefined): 'vmx' | 'svm' | 'none' | undefined {
  if (!out || out.error !== undefined) return undefined;
  const flag = out.stdout.trim();
  if (out.exitCode === 0 && (flag === 'vmx' || flag === 'svm')) return flag;
  return out.exitCode === 1 ? 'none' : undefined;
}

const LINUX_PATH =
  'Recommended on Linux: QEMU/KVM with a Xen dom0 VM (onramp machine create --driver qemu dom0); VirtualBox works too.';
const LINUX_NO_VIRT =
  'This CPU shows no hardware virtualisation here (no vmx or svm flag in /proc/cpuinfo: off in the firmware, or a VM without nested virtualisation). Take the QEMU path (onramp machine create --driver qemu dom0): QEMU then emulates the dom0 VM, slower but working. VirtualBox needs VT-x/AMD-V: turn it on in the firmware (or nested virtualisation for this VM) to use it.';

/**
 * The verdict on this computer from `uname -sm`, /etc/os-release (Linux) and, on x86_64 Linux, the
 * CPU's virtualisation flag (`cpuVirt`, from cpuVirtOf): passed for Linux or macOS on x86_64, its
 * detail naming the path that fits (without vmx/svm only QEMU's emulation can run dom0, content/dom0-vm.mdx);
 * a warning on arm64; failed elsewhere or when uname does not run.
 */
export function decideHostPlatform(
  uname: ExecOutput,
  osRelease: ExecOutput | undefined,
  cpuVirt?: 'vmx' | 'svm' | 'none',
): Verdict {
  const cannot = couldNotRun(uname, 'uname -sm');
  if (cannot) return cannot;
  const platform = uname.exitCode === 0 ? parseUname(uname.stdout) : undefined;
  if (isNotFound(uname) || !platform) {
    return failed(
      'uname -sm did not run: Onramp needs a Linux or macOS host (on Windows, use WSL 2)',
      isNotFound(uname) ? 'no uname on PATH' : describeOutput(uname),
      'Linux or macOS on x86_64',
      fix(
        'Run Onramp on Linux or macOS; on Windows, install WSL 2 and run it there.',
        ['wsl --install -d Debian'],
        'host-unsupported',
      ),
    );
  }
  const distro = osRelease?.exitCode === 0 ? parseOsRelease(osRelease.stdout).get('PRETTY_NAME') : undefined;
  const found = `${platform.kernel} ${platform.arch}${distro ? ` (${distro})` : ''}`;
  if (platform.kernel === 'Darwin' && ARM.has(platform.arch)) {
    return warning(
      'Apple Silicon cannot run the x86_64 dom0 VM usefully: VirtualBox on arm64 does not run x86 guests at a usable speed, and Xen needs one',
      found,
      'an x86_64 host (Intel Mac or x86_64 Linux) for the Xen part',
      fix(
        'Do the unix chapters on this Mac, then do the Xen chapters on an x86_64 Linux machine (a spare PC or a cloud VM with nested virtualisation) reached over SSH.',
        [],
        'apple-silicon',
      ),
    );
  }
  if (platform.kernel === 'Linux' && ARM.has(platform.arch)) {
    return warning(
      'an arm64 Linux host cannot run the x86_64 dom0 VM at a usable speed',
      found,
      'an x86_64 host for the Xen part',
      fix('Do the unix chapters here, then the Xen chapters on an x86_64 machine reached over SSH.', [], 'arm-host'),
    );
  }
  if ((platform.kernel === 'Linux' || platform.kernel === 'Darwin') && X86.has(platform.arch)) {
    const path =
      platform.kernel === 'Linux'
        ? cpuVirt === 'none'
          ? LINUX_NO_VIRT
          : LINUX_PATH
        : 'Recommended: VirtualBox with a Xen dom0 VM.';
    return passed(found, path);
  }
  return failed(
    `${platform.kernel} ${platform.arch} is not a host this guide supports`,
    found,
    'Linux or macOS on x86_64',
    fix('Run Onramp on an x86_64 Linux or macOS machine.', [], 'host-unsupported'),
  );
}

export const hostPlatform: CheckDefinition = {
  id: 'host-platform',
  async run(ctx) {
    const uname = await ctx.exec({ argv: ['uname', '-sm'] });
    const isLinux = uname.exitCode === 0 && uname.stdout.startsWith('Linux');
    const osRelease = isLinux ? await ctx.exec({ argv: ['cat', '/etc/os-release'] }) : undefined;
    // The flag only changes the verdict on x86_64 Linux: elsewhere it is not asked.
    const x86 = isLinux && X86.has(parseUname(uname.stdout)?.arch ?? '');
    const cpu = x86 ? await ctx.exec({ argv: [...CPU_VIRT_ARGV] }) : undefined;
    const cpuVirt = cpuVirtOf(cpu);
    return decideHostPlatform(uname, osRelease, cpuVirt);
  },
};
