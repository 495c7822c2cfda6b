// xen-running, xen-version, xen-hvm: `xl info` as root in dom0.
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckContext, CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, firstLine, fix, isNotFound, passed } from '../outcome';
import { isSudoPasswordRequired, isXlPermissionDenied, parseXlInfo } from '../parsers/xl';
import { atLeast, parseVersion } from '../parsers/version';

const XEN_MIN = [4, 10];

/** `xl info` parsed, or the verdict for why Xen could not be asked. */
export function xlInfoOrVerdict(out: ExecOutput, xlInSbin = false): ReadonlyMap<string, string> | Verdict {
  const cannot = couldNotRun(out, 'xl info');
  if (cannot) return cannot;
  const expected = 'xl info answering as root';
  if (isNotFound(out) && xlInSbin) {
    return failed(
      "xl is installed in /usr/sbin but is not on this user's PATH: it must run as root",
      firstLine(out.stderr) || 'xl not on PATH',
      expected,
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
      expected,
      fix(
        'Install Xen in dom0 and reboot into it.',
        ['sudo apt-get install -y xen-system-amd64', 'sudo reboot'],
        'xen-missing',
      ),
    );
  }
  if (isSudoPasswordRequired(out.stderr)) {
    return failed(
      'sudo needs a password to run xl in dom0, and checks cannot type one',
      firstLine(out.stderr),
      expected,
      fix(
        'Let your dom0 user run xl without a password.',
        ['echo "$USER ALL=(root) NOPASSWD: /usr/sbin/xl" | sudo tee /etc/sudoers.d/onramp-xl'],
        'xl-sudo',
      ),
    );
  }
  if (isXlPermissionDenied(out.stderr)) {
    return failed(
      'xl info was refused with "Permission denied": xl must run as root',
      firstLine(out.stderr),
      expected,
      fix(
        'Run xl through sudo (Onramp does when sudo works without a password).',
        ['sudo xl info'],
        'xl-permission-denied',
      ),
    );
  }
  if (/privileged command interface|cannot open libxc handle|cannot init xl context|is Xen running/i.test(out.stderr)) {
    return failed(
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
    );
  }
  if (out.exitCode !== 0)
    return failed(
      'xl info failed',
      describeOutput(out),
      expected,
      fix('Run it yourself to see the full error.', ['sudo xl info'], 'xen-missing'),
    );
  return parseXlInfo(out.stdout);
}

function xenVersionOf(info: ReadonlyMap<string, string>): string | undefined {
  return (
    info.get('xen_version') ??
    (info.has('xen_major')
      ? `${info.get('xen_major')}.${info.get('xen_minor') ?? '0'}${info.get('xen_extra') ?? ''}`
      : undefined)
  );
}

export function decideXenRunning(out: ExecOutput, xlInSbin = false): Verdict {
  const info = xlInfoOrVerdict(out, xlInSbin);
  if ('status' in info) return info;
  const version = xenVersionOf(info);
  return passed(`Xen ${version ?? '(version not shown)'} on ${info.get('host') ?? 'dom0'}`);
}

export function decideXenVersion(out: ExecOutput, xlInSbin = false): Verdict {
  const info = xlInfoOrVerdict(out, xlInSbin);
  if ('status' in info) return info;
  const text = xenVersionOf(info);
  const version = text ? parseVersion(text) : undefined;
  const expected = 'Xen 4.10 or newer';
  const upgrade = fix(
    'Upgrade dom0 to a distribution with Xen 4.10 or newer (Debian 12 ships 4.17).',
    [],
    'xen-too-old',
  );
  if (!text || !version) return failed('xl info shows no xen_version', 'no xen_version line', expected, upgrade);
  if (!atLeast(version, XEN_MIN))
    return failed(`Xen ${text} is too old: Mirage 4's PVH guests need Xen ≥ 4.10`, `Xen ${text}`, expected, upgrade);
  return passed(`Xen ${text}`);
}

export function decideXenHvm(out: ExecOutput, xlInSbin = false): Verdict {
  const info = xlInfoOrVerdict(out, xlInSbin);
  if ('status' in info) return info;
  const caps = info.get('virt_caps') ?? '';
  if (caps.split(/\s+/).includes('hvm')) return passed(`virt_caps: ${caps}`);
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

export const xenRunning: CheckDefinition = {
  id: 'xen-running',
  run: async (ctx) => decideXenRunning(...(await gatherXlInfo(ctx))),
};
export const xenVersion: CheckDefinition = {
  id: 'xen-version',
  run: async (ctx) => decideXenVersion(...(await gatherXlInfo(ctx))),
};
export const xenHvm: CheckDefinition = {
  id: 'xen-hvm',
  run: async (ctx) => decideXenHvm(...(await gatherXlInfo(ctx))),
};
