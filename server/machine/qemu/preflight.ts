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

/** What the plain recipe needs besides: a partition table, and an indexed apt repository. */
export const PLAIN_RECIPE_TOOLS: Readonly<Record<string, string>> = {
  sfdisk: 'fdisk',
  'dpkg-scanpackages': 'dpkg-dev',
  'apt-ftparchive': 'apt-utils',
};

export type Preflight = { readonly ok: true } | { readonly ok: false; readonly problems: readonly string[] };

/** Can this host build and run the recipe's machine (`plain` needs PLAIN_RECIPE_TOOLS too)? Pure. */
export function qemuPreflight(facts: HostFacts, recipe: 'xen' | 'plain' = 'xen'): Preflight {
  const problems: string[] = [];
  // A normal user builds the image's root parts through sudo (root-build.ts) and runs the rest itself.
  if (facts.uid !== 0 && !facts.tools.sudo) {
    problems.push(
      `building the lab image runs debootstrap and chroot as root through sudo, but sudo is not installed (this runs as uid ${facts.uid}); as root: apt-get install -y sudo && adduser YOUR_USER sudo, then log in again`,
    );
  }
  const needed = recipe === 'plain' ? { ...REQUIRED_TOOLS, ...PLAIN_RECIPE_TOOLS } : REQUIRED_TOOLS;
  const missing = Object.entries(needed).filter(([tool]) => !facts.tools[tool]);
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
