// Can this host build and run a qemu lab machine? A pure verdict from what was found, with the
// exact command that fixes it.
export interface HostFacts {
  readonly uid: number;
  /** Tool name -> whether it is on PATH (or at its usual sbin path). */
  readonly tools: Readonly<Record<string, boolean>>;
  readonly hasApt: boolean;
}

/** Tool -> Debian package that provides it. */
export const REQUIRED_TOOLS: Readonly<Record<string, string>> = {
  'qemu-system-x86_64': 'qemu-system-x86',
  'qemu-img': 'qemu-utils',
  debootstrap: 'debootstrap',
  'mkfs.ext4': 'e2fsprogs',
  'ssh-keygen': 'openssh-client',
  ssh: 'openssh-client',
  chroot: 'coreutils',
  tar: 'tar',
  gunzip: 'gzip',
};

export type Preflight = { readonly ok: true } | { readonly ok: false; readonly problems: readonly string[] };

export function qemuPreflight(facts: HostFacts): Preflight {
  const problems: string[] = [];
  if (facts.uid !== 0) {
    problems.push(
      `building the lab image needs root (debootstrap, chroot), but this runs as uid ${facts.uid}; run it again with sudo: sudo onramp machine create --driver qemu NAME`,
    );
  }
  const missing = Object.entries(REQUIRED_TOOLS).filter(([tool]) => !facts.tools[tool]);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))].sort();
    const tools = missing.map(([tool]) => tool).join(', ');
    problems.push(
      facts.hasApt
        ? `missing ${tools}; install them with: apt-get install -y ${packages.join(' ')}`
        : `missing ${tools} (Debian packages ${packages.join(' ')}); the qemu driver needs a Debian or Ubuntu host with apt`,
    );
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
