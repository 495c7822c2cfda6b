// Facts the guide's chapters and the checks share: minimum versions, package names, Debian 12's
// Xen, the .xl file mirage writes, the console log directory. Chapters read them as
// `[[fact:NAME]]` (lib/content/facts.ts substitutes them at build time); checks import them.
// Each fact names its source, so that a review against upstream is mechanical.
// No DOM and no Node: both the app and the server import this file.

/** One fact: its text as the guide prints it, and where it comes from. */
export interface GuideFact {
  readonly value: string;
  /** Repository + path + version, or release notes, or a captured output in `../shared/cases/`. */
  readonly source: string;
}

function fact(value: string, source: string): GuideFact {
  return { value, source };
}

export const GUIDE_FACTS = {
  // opam and OCaml
  opamMinimum: fact('2.1.0', 'mirage/mirage v4.11.1 mirage.opam: available: opam-version >= "2.1.0"'),
  ocamlMirageMinimum: fact('4.13.0', 'mirage/mirage v4.11.1 mirage.opam: "ocaml" {>= "4.13.0"} (since mirage 4.8.0)'),
  ocamlMinimum: fact(
    '4.14',
    'mirage/mirage v4.11.1 lib/devices/random.ml (mirage-crypto-rng-mirage >= 2.0.0, whose dependencies need OCaml 4.14); real make depend of mirage-skeleton tutorial/hello on OCaml 4.13.1 cannot solve (issue 13)',
  ),
  ocamlSwitchVersion: fact('4.14.2', 'ocaml/opam-repository packages/ocaml-base-compiler/ocaml-base-compiler.4.14.2'),
  debianSystemOcaml: fact('4.13.1', 'Debian 12 (bookworm) package ocaml 4.13.1-4'),
  // mirage
  mirageMinimum: fact(
    '4.9.0',
    'mirage/mirage-skeleton main tutorial/hello/config.ml: (* mirage >= 4.9.0 & < 4.12.0 *)',
  ),
  mirageLatest: fact('4.11.1', 'mirage/mirage CHANGES.md: v4.11.1 (2026-07-04)'),
  mirageDhcpDefaultSince: fact('4.10.5', 'mirage/mirage CHANGES.md v4.10.5: "Enable DHCP by default" (#1628)'),
  mirageNoDhcpSince: fact(
    '4.11.0',
    'mirage/mirage CHANGES.md v4.11.0: "--dhcp" replaced by the flag "--no-dhcp" (#1636)',
  ),
  // Xen
  xenMinimum: fact('4.10', 'mirage/mirage #1159 (PVH only) and #1166 (type= replaced builder= in Xen 4.10)'),
  debianXenVersion: fact(
    '4.17.5',
    'Debian 12 bookworm/main xen-hypervisor-4.17-amd64 4.17.5+72-g01140da4e8-1 (bookworm-security: 4.17.7+13-g2445b30a44-0+deb12u1)',
  ),
  debianXenSecurityVersion: fact(
    '4.17.7',
    'Debian 12 bookworm-security xen-hypervisor-4.17-amd64 4.17.7+13-g2445b30a44-0+deb12u1',
  ),
  debianXenSeries: fact('4.17', 'Debian 12 package xen-system-amd64 depends on xen-hypervisor-4.17-amd64'),
  consoleLogDir: fact(
    '/var/log/xen/console',
    'xen-project/xen tools/console/daemon (--log-dir); Debian 12 xen-utils-common /etc/init.d/xen passes $XENCONSOLED_ARGS',
  ),
  consoleLogArgs: fact(
    '--log=guest --log-dir=/var/log/xen/console',
    'xen-project/xen tools/console/daemon/main.c usage: [--log=none|guest|hv|all] [--log-dir=DIR]',
  ),
  xenDefaultsFile: fact(
    '/etc/default/xen',
    'Debian 12 xen-utils-common 4.17 /etc/init.d/xen: [ -r /etc/default/xen ] && . /etc/default/xen',
  ),
  // A machine of your own as dom0 (`onramp machine create --driver generic`)
  genericMemoryMinimumMb: fact(
    '1800',
    "Xen in dom0 gives dom0 1024 MB of the dom0 VM's 2048 MB (content/xen.mdx, xen-grub-default) and hello asks for 256 MB (mirage 4.11.1 hello.xl memory = 256); Linux reports a little less than the RAM as MemTotal, so 1800 MiB stands for 2 GB of RAM",
  ),
  genericDiskMinimumMb: fact(
    '1024',
    'apt-get install --assume-no xen-system-amd64 bridge-utils dnsmasq on Debian 12 (bookworm, 2026-11): "Need to get 28.9 MB of archives" (kept in /var/cache/apt) and "92.1 MB of additional disk space"; 1 GiB free on / and on /var leaves room for a kernel update and guest console logs',
  ),
  // VirtualBox
  virtualboxMinimum: fact('6.1', 'VirtualBox 6.1 changelog: nested VT-x on Intel CPUs (AMD-V since 6.0)'),
  virtualboxPackage: fact(
    'virtualbox-7.2',
    'download.virtualbox.org/virtualbox/debian: virtualbox-7.2 (7.2.0 2025-08, 7.2.10 2026-06)',
  ),
  virtualboxHostOnlyRangeSince: fact(
    '6.1.28',
    'VirtualBox 6.1.28 changelog: host-only adapters limited to 192.168.56.0/21 (/etc/vbox/networks.conf)',
  ),
} as const satisfies Record<string, GuideFact>;

export type GuideFactName = keyof typeof GUIDE_FACTS;

export function isGuideFactName(name: string): name is GuideFactName {
  return Object.hasOwn(GUIDE_FACTS, name);
}

/** The value of a fact as the guide prints it. */
export function factValue(name: GuideFactName): string {
  return GUIDE_FACTS[name].value;
}

/** A dotted fact as numbers ("4.13.0" → [4, 13, 0]), for version comparisons in checks. */
export function factVersion(name: GuideFactName): readonly number[] {
  return GUIDE_FACTS[name].value.split('.').map(Number);
}

/**
 * The `.xl` file `mirage configure -t xen` + `make build` writes for a unikernel without network
 * or block devices (mirage 4.11.1 `lib/devices/target.ml` `configure_main_xl`; the real
 * `dist/hello.xl` in `../shared/cases/real-mirage/hello.xl`). `.xl.in` has `@NAME@`, `@KERNEL@`,
 * `@MEMORY@` (and `@NETWORK:…@` / `@BLOCK:…@` for such devices) where this has values.
 */
export const HELLO_XL = [
  "name = 'hello'",
  "kernel = 'hello.xen'",
  "type = 'pvh'",
  'memory = 256',
  "on_crash = 'preserve'",
  '',
  'disk = [  ]',
  '',
  '# if your system uses openvswitch then either edit /etc/xen/xl.conf and set',
  '#     vif.default.script="vif-openvswitch"',
  '# or add "script=vif-openvswitch," before the "bridge=" below:',
  'vif = [  ]',
  '',
].join('\n');

/** Bridge name stems mirage tries on the BUILD host, in order (mirage 4.11.1 lib/devices/target.ml `detected_bridge_name`; `br` when none exists). */
export const MIRAGE_BRIDGE_GUESSES = ['xenbr0', 'br0', 'virbr0'] as const;
