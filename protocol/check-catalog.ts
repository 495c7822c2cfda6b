// Every check Onramp knows: shared metadata for the content build (a <Check id> must exist here),
// the dashboard (titles, stages) and the server's engine (which implements each id).
import { factValue } from './guide-facts';
import type { Target } from './ids';
import type { SetupPath } from './setup-paths';

export { SETUP_PATHS, SETUP_PATH_TITLES, type SetupPath } from './setup-paths';

/** "2.1.0" → "2.1": a minimum as titles print it. */
function shortVersion(version: string): string {
  return version.replace(/\.0$/, '');
}

export const STAGES = [
  'host',
  'opam',
  'ocaml',
  'mirage',
  'hello-unix',
  'virtualbox',
  'dom0-vm',
  'dom0',
  'xen',
  'unikernel',
] as const;
export type Stage = (typeof STAGES)[number];

export interface CheckMeta {
  readonly title: string;
  readonly stage: Stage;
  readonly target: Target;
  /** Checks that must pass first; when one does not, this one is `skipped` naming it. */
  readonly requires: readonly string[];
  /** Counted by `onramp doctor`'s exit code; optional checks only warn. */
  readonly required: boolean;
  /** The chapter (slug) that sets this up. */
  readonly chapter: string;
  /** Has side effects (boots a unikernel): run only when asked for by id or by its stage, never by "Run all". */
  readonly action?: boolean;
  /** Only on this setup path ("run all" leaves it out on the other); absent = every path. */
  readonly path?: SetupPath;
}

export const CHECKS = {
  'host-platform': {
    title: 'This computer can follow the guide (OS and CPU)',
    stage: 'host',
    target: 'host',
    requires: [],
    required: true,
    chapter: 'choose-your-path',
  },
  'opam-version': {
    title: `opam is installed, version ${shortVersion(factValue('opamMinimum'))} or newer`,
    stage: 'opam',
    target: 'host',
    requires: [],
    required: true,
    chapter: 'opam',
  },
  'opam-initialised': {
    title: 'opam is initialised and has a switch',
    stage: 'opam',
    target: 'host',
    requires: ['opam-version'],
    required: true,
    chapter: 'opam',
  },
  'opam-env': {
    title: "opam's environment is loaded in this shell",
    stage: 'opam',
    target: 'host',
    requires: ['opam-initialised'],
    required: true,
    chapter: 'opam',
  },
  'ocaml-version': {
    title: `OCaml ${factValue('ocamlMinimum')} or newer`,
    stage: 'ocaml',
    target: 'host',
    requires: ['opam-initialised'],
    required: true,
    chapter: 'opam',
  },
  'mirage-version': {
    title: `The mirage tool, version ${factValue('mirageMinimum')} or newer, on PATH`,
    stage: 'mirage',
    target: 'host',
    requires: ['ocaml-version'],
    required: true,
    chapter: 'mirage',
  },
  'hello-unix-built': {
    title: 'The hello unikernel is built for unix',
    stage: 'hello-unix',
    target: 'host',
    requires: ['mirage-version'],
    required: true,
    chapter: 'hello-unix',
  },
  'hello-unix-runs': {
    title: 'The unix hello prints "hello" four times',
    stage: 'hello-unix',
    target: 'host',
    requires: ['hello-unix-built'],
    required: true,
    chapter: 'hello-unix',
  },
  'virtualbox-version': {
    title: 'VirtualBox is installed',
    stage: 'virtualbox',
    target: 'host',
    requires: [],
    required: true,
    chapter: 'virtualbox',
    path: 'virtualbox',
  },
  'hostonly-network': {
    title: 'A host-only network exists in an allowed range',
    stage: 'virtualbox',
    target: 'host',
    requires: ['virtualbox-version'],
    required: true,
    chapter: 'virtualbox',
    path: 'virtualbox',
  },
  'hostonly-clash': {
    title: 'The host-only network collides with no other network',
    stage: 'virtualbox',
    target: 'host',
    requires: ['hostonly-network'],
    required: true,
    chapter: 'virtualbox',
    path: 'virtualbox',
  },
  'hostonly-dhcp-off': {
    title: "VirtualBox's DHCP server is off on the host-only network",
    stage: 'virtualbox',
    target: 'host',
    requires: ['hostonly-network'],
    required: true,
    chapter: 'virtualbox',
    path: 'virtualbox',
  },
  'dom0-vm-exists': {
    title: 'The dom0 virtual machine exists',
    stage: 'dom0-vm',
    target: 'host',
    requires: ['virtualbox-version'],
    required: true,
    chapter: 'dom0-vm',
    path: 'virtualbox',
  },
  'dom0-vm-running': {
    title: 'The dom0 virtual machine is running',
    stage: 'dom0-vm',
    target: 'host',
    requires: ['dom0-vm-exists'],
    required: true,
    chapter: 'dom0-vm',
    path: 'virtualbox',
  },
  'dom0-vm-nested': {
    title: 'Nested VT-x/AMD-V is on for the dom0 VM',
    stage: 'dom0-vm',
    target: 'host',
    requires: ['dom0-vm-exists'],
    required: true,
    chapter: 'dom0-vm',
    path: 'virtualbox',
  },
  'dom0-vm-nic': {
    title: 'NIC 2 of the dom0 VM is host-only, promiscuous mode Allow All',
    stage: 'dom0-vm',
    target: 'host',
    requires: ['dom0-vm-exists'],
    required: true,
    chapter: 'dom0-vm',
    path: 'virtualbox',
  },
  'dom0-reachable': {
    title: 'dom0 answers over SSH',
    stage: 'dom0',
    target: 'dom0',
    requires: [],
    required: true,
    chapter: 'xen',
  },
  'dom0-bridge': {
    title: 'A bridge in dom0 holds the host-only NIC',
    stage: 'dom0',
    target: 'dom0',
    requires: ['dom0-reachable'],
    required: true,
    chapter: 'dom0',
  },
  'dom0-dnsmasq-dhcp': {
    title: "dnsmasq serves DHCP to the unikernels on dom0's bridge (the guide's onramp.conf)",
    stage: 'dom0',
    target: 'dom0',
    requires: ['dom0-reachable'],
    // One of the chapter's three ways to give unikernels an address: without it, a warning.
    required: false,
    chapter: 'dom0',
  },
  'xen-running': {
    title: 'Xen is running (xl info as root)',
    stage: 'xen',
    target: 'dom0',
    requires: ['dom0-reachable'],
    required: true,
    chapter: 'xen',
  },
  'xen-version': {
    title: `Xen ${factValue('xenMinimum')} or newer`,
    stage: 'xen',
    target: 'dom0',
    requires: ['xen-running'],
    required: true,
    chapter: 'xen',
  },
  'xen-hvm': {
    title: 'Xen can run PVH guests (hvm in virt_caps)',
    stage: 'xen',
    target: 'dom0',
    requires: ['xen-running'],
    required: true,
    chapter: 'xen',
  },
  'xen-console-log': {
    title: `xenconsoled logs guest consoles to ${factValue('consoleLogDir')}`,
    stage: 'xen',
    target: 'dom0',
    requires: ['xen-running'],
    required: false,
    chapter: 'xen',
  },
  'xl-vif-bridge': {
    title: "The .xl file's vif bridge exists in dom0",
    stage: 'unikernel',
    target: 'dom0',
    requires: ['dom0-bridge'],
    required: true,
    chapter: 'hello-xen',
  },
  'unikernel-boot': {
    title: 'The hello unikernel boots on Xen and prints "hello" four times',
    stage: 'unikernel',
    target: 'dom0',
    requires: ['xen-version', 'xen-hvm', 'xl-vif-bridge'],
    required: true,
    chapter: 'boot',
    action: true,
  },
} as const satisfies Record<string, CheckMeta>;

export type KnownCheckId = keyof typeof CHECKS;

export function isKnownCheck(id: string): id is KnownCheckId {
  return Object.hasOwn(CHECKS, id);
}

export function checkMeta(id: KnownCheckId): CheckMeta {
  return CHECKS[id];
}
