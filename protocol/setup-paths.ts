// The setup paths to a dom0 and their names. Apart from the check catalogue (which re-exports
// them) because the page's client code needs only these: importing them from check-catalog.ts
// would bring the catalogue's guide facts (protocol/guide-facts.ts) into every chapter's first-load JS.
// No DOM and no Node: both the app and the server import this file.

/**
 * The ways to a dom0: a VirtualBox VM, Onramp's QEMU/KVM lab machine (Linux), or an x86_64
 * machine of the reader's own reached over SSH (`onramp machine create --driver generic`).
 */
export const SETUP_PATHS = ['virtualbox', 'qemu', 'generic'] as const;
export type SetupPath = (typeof SETUP_PATHS)[number];

/** How the guide names each path (its tab labels, the dashboard, the autopilot's choice). */
export const SETUP_PATH_TITLES: Readonly<Record<SetupPath, string>> = {
  virtualbox: 'VirtualBox',
  qemu: 'QEMU/KVM (Linux)',
  generic: 'A machine of your own',
};
