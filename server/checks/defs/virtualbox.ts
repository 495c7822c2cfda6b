// virtualbox-version: VBoxManage on PATH, its kernel driver loaded, version ≥ 6.1 (nested VT-x).
import { factValue, factVersion } from '../../../protocol/guide-facts';
import type { Fix, Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, fix, isNotFound, passed, warning } from '../outcome';
import { parseVboxVersionOutput, type VboxVersionOutput } from '../parsers/vbox-version-output';
import { shellCommand } from '../shell-command';
import { atLeast, parseVersion } from '../parsers/version';

const VBOX_MIN = factVersion('virtualboxMinimum');
const VBOX_MIN_TEXT = factValue('virtualboxMinimum');

/** The version line (`7.0.14r161095`) among possible warning lines. */
export function vboxVersionLine(stdout: string): string | undefined {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^\d+\.\d+\.\d+/.test(l));
}

export function decideVirtualboxVersion(out: ExecOutput, hostPlatform = 'linux'): Verdict {
  const cannot = couldNotRun(out, 'VBoxManage --version');
  if (cannot) return cannot;
  const expected = `VirtualBox ${VBOX_MIN_TEXT} or newer`;
  if (isNotFound(out)) {
    const commands = hostPlatform === 'darwin' ? ['brew install --cask virtualbox'] : [];
    return failed(
      'VBoxManage was not found on PATH: VirtualBox is not installed',
      'no VBoxManage on PATH',
      expected,
      fix(
        'Install VirtualBox from virtualbox.org (Linux: the package for your distribution).',
        commands,
        'virtualbox-missing',
      ),
    );
  }
  const parsed = parseVboxVersionOutput(out.stdout, out.stderr);
  const line = parsed.versionLine;
  if (parsed.driverMissing) {
    return failed(
      'VirtualBox is installed but its kernel driver is not',
      parsed.warning[0] ?? describeOutput(out),
      `${expected} with its kernel driver loaded`,
      driverFix(parsed),
    );
  }
  const version = line ? parseVersion(line) : undefined;
  if (out.exitCode !== 0 || !line || !version) {
    return failed(
      'VBoxManage --version did not print a version',
      describeOutput(out),
      expected,
      fix('Reinstall VirtualBox.', [], 'virtualbox-missing'),
    );
  }
  if (!atLeast(version, VBOX_MIN)) {
    return failed(
      `VirtualBox ${line} is too old: nested VT-x/AMD-V for the dom0 VM needs VirtualBox ≥ ${VBOX_MIN_TEXT}`,
      `VirtualBox ${line}`,
      expected,
      fix('Upgrade VirtualBox from virtualbox.org.', [], 'virtualbox-too-old'),
    );
  }
  if (parsed.warning.length > 0) {
    return warning(
      `VBoxManage printed a warning before its version: ${parsed.warning.join(' ')}`,
      parsed.warning[0] ?? '',
      `VirtualBox ${line} with no warning`,
      fix(
        'Read the warning: VirtualBox prints it when part of its install is wrong. Run the command yourself to see it whole.',
        ['VBoxManage --version'],
        'vboxdrv',
      ),
    );
  }
  return passed(`VirtualBox ${line}`);
}

const SECURE_BOOT =
  ' With Secure Boot on, the module must also be signed with a key enrolled in the firmware (mokutil --import).';

/** The driver fix in the system's own way: the warning's commands when it prints some, else by who built VirtualBox. */
export function driverFix(o: VboxVersionOutput): Fix {
  if (o.printedCommands.length > 0)
    return fix(
      `Run the commands VirtualBox's warning gives${o.asRoot ? ' (as root)' : ''}, then check again.${SECURE_BOOT}`,
      o.printedCommands,
      'vboxdrv',
    );
  const build = o.versionLine ?? '';
  if (o.packageNamed !== undefined || /_(?:Ubuntu|Debian)/i.test(build))
    return fix(
      `Install the distribution's driver package (DKMS builds it for the running kernel) with the kernel's headers, then load it.${SECURE_BOOT}`,
      [
        shellCommand(
          'sudo',
          'apt-get',
          'install',
          o.packageNamed ?? 'virtualbox-dkms',
          o.headersNamed ?? 'linux-headers-generic',
        ),
        'sudo modprobe vboxdrv',
      ],
      'vboxdrv',
    );
  if (/rpmfusion|\.fc\d+|_fedora/i.test(build))
    return fix(
      `Build the driver with akmods (RPM Fusion's packages) for the running kernel, then start it.${SECURE_BOOT}`,
      [
        'sudo dnf install akmod-VirtualBox kernel-devel-$(uname -r)',
        'sudo akmods --kernels $(uname -r)',
        'sudo systemctl restart vboxdrv.service',
      ],
      'vboxdrv',
    );
  return fix(
    `Build and load the VirtualBox kernel modules (Oracle's packages).${SECURE_BOOT}`,
    ['sudo /sbin/vboxconfig'],
    'vboxdrv',
  );
}

export const virtualboxVersion: CheckDefinition = {
  id: 'virtualbox-version',
  async run(ctx) {
    return decideVirtualboxVersion(await ctx.exec({ argv: ['VBoxManage', '--version'] }), ctx.hostPlatform);
  },
};
