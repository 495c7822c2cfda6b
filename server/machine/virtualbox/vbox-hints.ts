// What to do about VirtualBox errors users meet on the dom0 path, added under VirtualBox's own message.
// Keyed by VirtualBox's status codes (VERR_*, E_*) and fixed message texts; most specific first.

const KVM_HOLDS_VTX =
  'stop KVM guests (virsh list, other VM managers, Android emulators) and unload the KVM modules: sudo modprobe -r kvm_intel kvm (kvm_amd on AMD). Since Linux 6.12, KVM takes hardware virtualisation as soon as its module loads, even with no guest running: unload it, or boot with kvm.enable_virt_at_load=0.';

const HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /E_ACCESSDENIED/,
    'VirtualBox 6.1.28+ allows host-only networks only in 192.168.56.0/21 unless /etc/vbox/networks.conf lists the range: pick a subnet there (onramp machine plan-network) or add "* RANGE" to /etc/vbox/networks.conf as root.',
  ],
  [/VERR_VMX_IN_VMX_ROOT_MODE/, `Another hypervisor (KVM) holds VT-x: ${KVM_HOLDS_VTX}`],
  [/VERR_SVM_IN_USE/, `Another hypervisor (KVM) holds AMD-V: ${KVM_HOLDS_VTX}`],
  [
    /VERR_CPUM_INVALID_HWVIRT_CONFIG|VERR_NEM_|VERR_SUPDRV_NO_RAW_MODE_HYPER_V_ROOT/,
    'Nested VT-x/AMD-V needs nested paging and unrestricted guest: on Windows, Hyper-V (or WSL 2, Windows Sandbox, Memory Integrity) takes VT-x away from VirtualBox; turn it off (bcdedit /set hypervisorlaunchtype off, then reboot) or use a Linux host.',
  ],
  [
    /VERR_VMX_NO_VMX|VERR_SVM_NO_SVM|VERR_SVM_DISABLED|VERR_VMX_MSR_(?:ALL_)?VMX_DISABLED|VERR_VMX_MSR_LOCKED_OR_DISABLED|VERR_VMX_MSR_VMX_ENABLE_FAILED/,
    "Hardware virtualisation is off: enable Intel VT-x or AMD-V (SVM) in the computer's firmware settings.",
  ],
  [
    /Host-only adapters are no longer supported/,
    'VirtualBox 7 on macOS has host-only networks instead of adapters: NIC 2 must use --nic2 hostonlynet --host-only-net2 NAME (onramp machine create does this on macOS).',
  ],
  [
    /VERR_INTNET_FLT_IF_NOT_FOUND|Failed to open\/create the internal network 'HostInterfaceNetworking/,
    "The VM's host-only adapter does not exist on this host (or vboxnetflt is not loaded): create it (VBoxManage hostonlyif create) or point NIC 2 at an existing one, and load the module (sudo modprobe vboxnetflt, or sudo /sbin/vboxconfig).",
  ],
  [
    /VERR_SUPLIB_\w+|VERR_SUPDRV_HARDENING_EVIL_HANDLE/,
    "VirtualBox's hardening refused a file it runs from (wrong owner or permissions, usually after a manual install or a copied directory): reinstall VirtualBox so its files are root-owned and not writable by others.",
  ],
  [
    /VERR_FILE_NOT_FOUND|VERR_PATH_NOT_FOUND|Could not open the medium/,
    'A file the VM uses (a disk image or ISO) is not where VirtualBox expects it: put it back, or detach it (VBoxManage storageattach VM --storagectl NAME --port N --device 0 --medium none) and attach the right one.',
  ],
  [
    /VERR_ALREADY_EXISTS|Machine settings file .* already exists/,
    "A VM of that name already exists in VirtualBox's machine folder (perhaps unregistered): register and reuse it, or delete its folder (VBoxManage unregistervm VM --delete when it is registered).",
  ],
  [
    /VERR_NO_MEMORY|VERR_NO_LOW_MEMORY|VERR_NO_PHYS_MEMORY|NS_ERROR_OUT_OF_MEMORY/,
    'The host has not enough free memory for the VM: lower its memory (VBoxManage modifyvm VM --memory MB) or close other programs.',
  ],
  [
    /VERR_VM_DRIVER_NOT_INSTALLED|VERR_VM_DRIVER_OPEN_ERROR|VERR_VM_DRIVER_NOT_ACCESSIBLE|VERR_VM_DRIVER_VERSION_MISMATCH|VERR_SUPDRV_COMPONENT_NOT_FOUND|Kernel driver not installed|vboxdrv/,
    "VirtualBox's kernel module is not loaded: reinstall VirtualBox for this kernel (sudo /sbin/vboxconfig; Debian/Ubuntu packages: virtualbox-dkms and the kernel headers; Fedora: akmods); with Secure Boot, sign and enrol the module first.",
  ],
];

/** The hint line for a VirtualBox error message, or undefined when the error is not a known one. */
export function vboxHint(message: string): string | undefined {
  return HINTS.find(([pattern]) => pattern.test(message))?.[1];
}

/** VirtualBox's message followed by a hint line when the error is a known one. */
export function withHint(message: string): string {
  const hint = vboxHint(message);
  return hint ? `${message}\nhint: ${hint}` : message;
}
