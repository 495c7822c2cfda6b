// Can this machine become dom0 the guide's way? Pure decisions on facts gathered over SSH
// (gather-facts.ts): Debian 12, x86_64, VT-x/AMD-V, memory, free disk, sudo. Each refusal says
// what was found, what is expected and the fix. Thresholds are guide facts (protocol/guide-facts.ts).
import { factValue } from '../../../protocol/guide-facts';
import { parseOsRelease, parseUname } from '../../checks/parsers/os-release';
import { parseXlInfo } from '../../checks/parsers/xl';
import type { ExecOutput } from '../../runners/types';

/** How sudo answered for the login user (gather-facts.ts found out, asking for a password if needed). */
export type SudoFact =
  | { readonly kind: 'no-password' }
  | { readonly kind: 'password' }
  | { readonly kind: 'missing'; readonly output: string }
  | { readonly kind: 'refused'; readonly output: string };

/** The outputs preflight decides on, one command each (gather-facts.ts says which). */
export interface GenericProbes {
  /** `cat /etc/os-release` */
  readonly osRelease: ExecOutput;
  /** `uname -m` */
  readonly arch: ExecOutput;
  /** `cat /proc/cpuinfo` */
  readonly cpuinfo: ExecOutput;
  /** `cat /proc/meminfo` */
  readonly meminfo: ExecOutput;
  /** `df -Pk / /var`: one line per argument, in order. */
  readonly disk: ExecOutput;
  /** `cat /sys/hypervisor/type`: `xen` in a Xen domain, absent elsewhere. */
  readonly hypervisor: ExecOutput;
  readonly sudo: SudoFact;
  /** `printenv SSH_CONNECTION`: `client port server port`, the address this login came in on. */
  readonly sshConnection: ExecOutput;
  /** `ip -j address`: the machine's interfaces and their addresses. */
  readonly addresses: ExecOutput;
  /** `xl info` as root: only gathered when the machine already runs on Xen. */
  readonly xlInfo?: ExecOutput;
}

export interface Refusal {
  /** What was checked: `operating system`, `processor`, ... */
  readonly what: string;
  readonly found: string;
  readonly expected: string;
  readonly fix: string;
}

export type PreflightResult =
  | { readonly ok: true; readonly notes: readonly string[] }
  | { readonly ok: false; readonly refusals: readonly Refusal[]; readonly notes: readonly string[] };

/** One refusal as the CLI prints it: what, found, expected, fix on their own lines. */
export function formatRefusal(r: Refusal): string {
  return `${r.what}: found ${r.found}\n  expected: ${r.expected}\n  fix: ${r.fix}`;
}

function outputOf(o: ExecOutput): string {
  const text = `${o.stdout}${o.stderr}`.trim();
  return text === '' ? (o.error ?? o.message) : text.split('\n').slice(0, 4).join(' / ');
}

/** The first processor's `flags` (x86) or `Features` (ARM) words of /proc/cpuinfo. Pure. */
export function cpuFlags(cpuinfo: string): string[] {
  const line = /^(?:flags|Features)\s*:(.*)$/m.exec(cpuinfo);
  return (line?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
}

/** MemTotal of /proc/meminfo in kB, or undefined. Pure. */
export function memTotalKb(meminfo: string): number | undefined {
  const m = /^MemTotal:\s+(\d+)\s+kB$/m.exec(meminfo);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** Available kB of each line of `df -Pk A B` (after the header), in argument order. Pure. */
export function dfAvailableKb(df: string): number[] {
  return df
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols.length >= 6 && /^\d+$/.test(cols[3] ?? ''))
    .map((cols) => Number(cols[3]));
}

export const DEBIAN_12 = 'Debian 12 (bookworm): ID=debian and VERSION_ID="12" in /etc/os-release';

function decideOs(probe: ExecOutput): Refusal | null {
  if (probe.exitCode !== 0)
    return {
      what: 'operating system',
      found: `no readable /etc/os-release (${outputOf(probe)})`,
      expected: DEBIAN_12,
      fix: 'Install Debian 12 on the machine (the netinst image, with "SSH server" ticked), then run this command again.',
    };
  const os = parseOsRelease(probe.stdout);
  const id = os.get('ID') ?? '';
  const version = os.get('VERSION_ID') ?? '';
  if (id === 'debian' && version === '12') return null;
  const name = os.get('PRETTY_NAME') ?? (id || 'an unknown system');
  const why =
    "The guide's dom0 steps are Debian 12's: its xen-system-amd64 (Xen 4.17) and GRUB's entry \"Debian GNU/Linux, with Xen hypervisor\".";
  const fix =
    id === 'debian' && Number(version) < 12
      ? `${why} Upgrade the machine to Debian 12 (Debian's release notes for bookworm, "Upgrades from Debian 11"), or reinstall it with Debian 12, then run this command again.`
      : `${why} Install Debian 12 on the machine (the netinst image, with "SSH server" ticked), then run this command again.`;
  return {
    what: 'operating system',
    found: `${name} (ID=${id || '?'}, VERSION_ID=${version || '?'})`,
    expected: DEBIAN_12,
    fix,
  };
}

function decideArch(probe: ExecOutput): Refusal | null {
  const arch = parseUname(`Linux ${probe.stdout.trim()}`)?.arch ?? '';
  if (probe.exitCode === 0 && arch === 'x86_64') return null;
  return {
    what: 'processor architecture',
    found: probe.exitCode === 0 ? `${arch} (uname -m)` : `uname -m failed: ${outputOf(probe)}`,
    expected: 'x86_64 (uname -m): MirageOS builds Xen unikernels for x86_64 only in this guide',
    fix: 'Use an x86_64 machine as dom0: a spare x86_64 PC, or a cloud VM of an x86_64 instance type with nested virtualisation. An ARM machine (Apple Silicon, an arm64 board or server) cannot be this dom0.',
  };
}

/** Hardware virtualisation: the CPU flags off Xen; on Xen (dom0 hides vmx/svm), `xl info`'s virt_caps. */
function decideVirt(p: GenericProbes): Refusal | null {
  const onXen = p.hypervisor.exitCode === 0 && p.hypervisor.stdout.trim() === 'xen';
  if (onXen) {
    if (!p.xlInfo) return null;
    const caps = (parseXlInfo(p.xlInfo.stdout).get('virt_caps') ?? '').split(/\s+/);
    if (p.xlInfo.exitCode === 0 && caps.includes('hvm')) return null;
    return {
      what: 'hardware virtualisation',
      found:
        p.xlInfo.exitCode === 0
          ? `Xen runs already, and xl info's virt_caps is "${caps.join(' ')}" (no hvm)`
          : `Xen runs already, but xl info failed: ${outputOf(p.xlInfo)}`,
      expected: 'hvm in virt_caps: MirageOS 4 unikernels are PVH guests, which need VT-x or AMD-V',
      fix: 'Turn on Intel VT-x or AMD-V (SVM) in the firmware settings (or nested virtualisation for a VM), boot again, and check that `sudo xl info` lists hvm in virt_caps.',
    };
  }
  const flags = cpuFlags(p.cpuinfo.stdout);
  if (flags.includes('vmx') || flags.includes('svm')) return null;
  const inVm = flags.includes('hypervisor');
  return {
    what: 'hardware virtualisation',
    found:
      p.cpuinfo.exitCode !== 0
        ? `/proc/cpuinfo unreadable: ${outputOf(p.cpuinfo)}`
        : `neither vmx nor svm in /proc/cpuinfo's flags${inVm ? ' (the flag hypervisor is there: the machine is itself a VM)' : ''}`,
    expected:
      'vmx (Intel VT-x) or svm (AMD-V) in /proc/cpuinfo: MirageOS 4 unikernels are PVH guests, which Xen runs with them',
    fix: inVm
      ? 'This VM does not get VT-x/AMD-V from its hypervisor: turn on nested virtualisation for it (KVM: `-cpu host` with kvm_intel nested=1 or kvm_amd nested=1; a cloud VM: an instance type that offers nested virtualisation), or use a physical x86_64 PC.'
      : 'Turn on Intel VT-x (Virtualization Technology) or AMD-V (SVM mode) in the firmware (BIOS/UEFI) settings, then boot the machine again.',
  };
}

function decideMemory(p: GenericProbes): Refusal | null {
  const minimumMb = Number(factValue('genericMemoryMinimumMb'));
  const onXen = p.hypervisor.exitCode === 0 && p.hypervisor.stdout.trim() === 'xen';
  // On Xen, dom0's MemTotal is its own share (dom0_mem): the machine's memory is xl info's total_memory.
  const xenTotal = onXen && p.xlInfo?.exitCode === 0 ? Number(parseXlInfo(p.xlInfo.stdout).get('total_memory')) : NaN;
  const kb = memTotalKb(p.meminfo.stdout);
  const mb = Number.isFinite(xenTotal) ? xenTotal : kb !== undefined ? Math.floor(kb / 1024) : undefined;
  if (mb !== undefined && mb >= minimumMb) return null;
  return {
    what: 'memory',
    found:
      mb === undefined
        ? `no MemTotal in /proc/meminfo (${outputOf(p.meminfo)})`
        : Number.isFinite(xenTotal)
          ? `${mb} MiB (xl info total_memory)`
          : `${mb} MiB (MemTotal in /proc/meminfo)`,
    expected: `at least ${minimumMb} MiB, that is 2 GB of RAM: 1024 MB for dom0 and the rest for unikernels`,
    fix: 'Give the machine at least 2 GB of RAM (a VM: raise its memory; a cloud VM: a larger instance type), then run this command again.',
  };
}

function decideDisk(probe: ExecOutput): Refusal[] {
  const minimumMb = Number(factValue('genericDiskMinimumMb'));
  const avail = dfAvailableKb(probe.stdout);
  const mounts = ['/', '/var'] as const;
  if (probe.exitCode !== 0 || avail.length !== mounts.length)
    return [
      {
        what: 'free disk',
        found: `df -Pk / /var gave no answer for both (${outputOf(probe)})`,
        expected: `at least ${minimumMb} MiB free on / and on /var`,
        fix: 'Run `df -h / /var` on the machine to see why, then run this command again.',
      },
    ];
  return mounts.flatMap((mount, i) => {
    const mb = Math.floor((avail[i] ?? 0) / 1024);
    if (mb >= minimumMb) return [];
    return [
      {
        what: `free disk on ${mount}`,
        found: `${mb} MiB available (df -Pk ${mount})`,
        expected: `at least ${minimumMb} MiB free on ${mount}: Xen's packages, apt's downloads in /var/cache/apt and guest logs`,
        fix: `Free space on ${mount} (\`sudo apt-get clean\`, remove what you do not need; \`du -xh ${mount} | sort -h | tail\` shows the largest), or grow the disk, then run this command again.`,
      },
    ];
  });
}

function decideSudo(sudo: SudoFact, user: string): Refusal | null {
  switch (sudo.kind) {
    case 'no-password':
    case 'password':
      return null;
    case 'missing':
      return {
        what: 'sudo',
        found: `sudo is not installed (${sudo.output})`,
        expected: `sudo, with ${user} allowed to use it: the guide's dom0 steps run as root through sudo`,
        fix: `As root on the machine: \`apt-get install sudo && adduser ${user} sudo\`, then log in again and run this command again.`,
      };
    case 'refused':
      return {
        what: 'sudo',
        found: `sudo refused ${user}: ${sudo.output}`,
        expected: `${user} may run commands as root with sudo (with or without a password)`,
        fix: `As root on the machine: \`adduser ${user} sudo\` (Debian's sudo group may run everything), then run this command again and give ${user}'s password when asked.`,
      };
  }
}

/** Interfaces of `ip -j address` with their addresses (v4 and v6), or undefined when it is not that output. Pure. */
export function interfaceAddresses(text: string): Map<string, string[]> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(data)) return undefined;
  const links = new Map<string, string[]>();
  for (const entry of data as Array<{ ifname?: unknown; addr_info?: Array<{ local?: unknown }> }>) {
    if (typeof entry.ifname !== 'string') continue;
    const locals = (entry.addr_info ?? []).flatMap((a) => (typeof a.local === 'string' ? [a.local] : []));
    links.set(entry.ifname, locals);
  }
  return links;
}

/** What the guide's steps will do to the machine's network (dom0 networking's bridge). */
export interface BridgePlan {
  /** The card the bridge takes (`nic`, default enp0s8): its own address moves to the bridge. */
  readonly nic: string;
  readonly bridge: string;
}

/**
 * The bridge must not take the card this SSH login came in on (the connection would drop and
 * the machine would come back on another address), and the card must exist. A card already in
 * the bridge (the address on the bridge itself) is the finished state.
 */
function decideBridgeNic(p: GenericProbes, plan: BridgePlan): Refusal | null {
  const links = interfaceAddresses(p.addresses.stdout);
  const serverIp = p.sshConnection.stdout.trim().split(/\s+/)[2];
  if (!links || p.addresses.exitCode !== 0)
    return {
      what: 'network cards',
      found: `ip -j address failed: ${outputOf(p.addresses)}`,
      expected: 'the list of network cards (iproute2)',
      fix: 'Install iproute2 on the machine (`sudo apt-get install iproute2`), then run this command again.',
    };
  const names = [...links.keys()].filter((n) => n !== 'lo');
  const choose = `Give the card for the host-only side with --param nic=NAME (and its address with --param address=A.B.C.D); \`ip -brief address\` on the machine lists them`;
  if (!links.has(plan.nic) && !links.has(plan.bridge))
    return {
      what: 'network card for the bridge',
      found: `no card named ${plan.nic} (the machine has ${names.join(', ') || 'none'})`,
      expected: `the card "dom0 networking" puts in the bridge ${plan.bridge}: a second card, not the one this SSH connection uses`,
      fix: `${choose}.`,
    };
  const sshCard = serverIp === undefined ? undefined : [...links].find(([, locals]) => locals.includes(serverIp))?.[0];
  if (sshCard !== undefined && sshCard === plan.nic)
    return {
      what: 'network card for the bridge',
      found: `${plan.nic} holds ${serverIp}, the address this SSH connection came in on`,
      expected: `a card for the bridge ${plan.bridge} other than the one Onramp reaches the machine through: the bridge takes the card's address away and the connection would drop`,
      fix: `${choose}; a machine with one card needs a second one (a USB Ethernet adapter, or a second virtual NIC) for the host-only network.`,
    };
  return null;
}

/** Every refusal for the gathered facts (empty: the machine can become dom0), and notes for the log. Pure. */
export function genericPreflight(p: GenericProbes, user: string, bridge: BridgePlan): PreflightResult {
  const refusals = [
    decideOs(p.osRelease),
    decideArch(p.arch),
    decideVirt(p),
    decideMemory(p),
    ...decideDisk(p.disk),
    decideSudo(p.sudo, user),
    decideBridgeNic(p, bridge),
  ].filter((r): r is Refusal => r !== null);
  const onXen = p.hypervisor.exitCode === 0 && p.hypervisor.stdout.trim() === 'xen';
  const notes = onXen ? ['the machine already runs on Xen: its steps are checked as they come'] : [];
  return refusals.length === 0 ? { ok: true, notes } : { ok: false, refusals, notes };
}
