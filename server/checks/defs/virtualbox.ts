// virtualbox-version: VBoxManage on PATH, its kernel driver loaded, version ≥ 6.1 (nested VT-x).
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, fix, isNotFound, passed } from '../outcome';
import { atLeast, parseVersion } from '../parsers/version';

const VBOX_MIN = [6, 1, 0];

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
  const expected = 'VirtualBox 6.1 or newer';
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
  const all = `${out.stdout}\n${out.stderr}`;
  if (/vboxdrv kernel module is not loaded|Kernel driver not installed/i.test(all)) {
    return failed(
      "VirtualBox's kernel driver (vboxdrv) is not loaded",
      describeOutput(out),
      `${expected} with its kernel driver loaded`,
      fix(
        'Build and load the VirtualBox kernel modules (on Secure Boot systems, enrol the signing key first).',
        ['sudo /sbin/vboxconfig'],
        'vboxdrv',
      ),
    );
  }
  const line = vboxVersionLine(out.stdout);
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
      `VirtualBox ${line} is too old: nested VT-x/AMD-V for the dom0 VM needs VirtualBox ≥ 6.1`,
      `VirtualBox ${line}`,
      expected,
      fix('Upgrade VirtualBox from virtualbox.org.', [], 'virtualbox-too-old'),
    );
  }
  return passed(`VirtualBox ${line}`);
}

export const virtualboxVersion: CheckDefinition = {
  id: 'virtualbox-version',
  async run(ctx) {
    return decideVirtualboxVersion(await ctx.exec({ argv: ['VBoxManage', '--version'] }), ctx.hostPlatform);
  },
};
