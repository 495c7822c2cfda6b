// What to do about VirtualBox errors users meet on the dom0 path, added under VirtualBox's own message.

const HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /E_ACCESSDENIED/,
    'VirtualBox 6.1.28+ allows host-only networks only in 192.168.56.0/21 unless /etc/vbox/networks.conf lists the range: pick a subnet there (onramp machine plan-network) or add "* RANGE" to /etc/vbox/networks.conf as root.',
  ],
  [
    /VERR_CPUM_INVALID_HWVIRT_CONFIG/,
    'Nested VT-x/AMD-V needs nested paging and unrestricted guest: on Windows, Hyper-V (or WSL 2, Windows Sandbox, Memory Integrity) takes VT-x away from VirtualBox; turn it off (bcdedit /set hypervisorlaunchtype off, then reboot) or use a Linux host.',
  ],
  [
    /VERR_VMX_NO_VMX|VERR_SVM_DISABLED|VERR_VMX_MSR_ALL_VMX_DISABLED/,
    "Hardware virtualisation is off: enable Intel VT-x or AMD-V (SVM) in the computer's firmware settings.",
  ],
  [
    /Host-only adapters are no longer supported/,
    'VirtualBox 7 on macOS has host-only networks instead of adapters: NIC 2 must use --nic2 hostonlynet --host-only-net2 NAME (onramp machine create does this on macOS).',
  ],
  [
    /VERR_SUPDRV_COMPONENT_NOT_FOUND|Kernel driver not installed|vboxdrv/,
    "VirtualBox's kernel module is not loaded: reinstall VirtualBox for this kernel (sudo /sbin/vboxconfig); with Secure Boot, sign and enrol the module first.",
  ],
];

/** VirtualBox's message followed by a hint line when the error is a known one. */
export function withHint(message: string): string {
  const hint = HINTS.find(([pattern]) => pattern.test(message))?.[1];
  return hint ? `${message}\nhint: ${hint}` : message;
}
