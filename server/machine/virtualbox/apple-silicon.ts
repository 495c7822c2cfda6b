// VirtualBox on Apple Silicon runs Arm guests only: an x86_64 Xen dom0 there is not usable.

/** Why this host cannot run the VirtualBox dom0, or undefined when it can. */
export function appleSiliconRefusal(platform: string, arch: string): string | undefined {
  if (platform !== 'darwin' || arch !== 'arm64') return undefined;
  return [
    'this Mac has Apple Silicon (arm64): VirtualBox for Apple Silicon runs Arm guests only, and emulating',
    'an x86_64 Xen dom0 with nested virtualisation is far too slow to use.',
    'Use an x86_64 dom0 elsewhere instead: a Linux PC or cloud VM running Xen, reached over SSH',
    '(the "Choose your path" chapter, "macOS on Apple Silicon"), or `onramp machine create --driver qemu`',
    'on an x86_64 Linux machine. Developing and testing unikernels with `mirage configure -t unix` works on this Mac.',
  ].join('\n');
}
