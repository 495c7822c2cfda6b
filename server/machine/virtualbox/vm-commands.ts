// The VBoxManage argv for a dom0 VM, as pure functions: docker-machine's sequence plus what
// Xen needs (nested VT-x/AMD-V, a promiscuous host-only NIC 2 with VirtualBox's DHCP off).
import { formatIpv4 } from '../../network/ipv4';
import type { HostOnlyPlan } from '../../network/plan-host-only';

export const CONTROLLER = 'SATA';
export const DISK_PORT = 0;
export const SEED_PORT = 1;
export const NAT_RULE = 'ssh';

export interface VmShape {
  readonly vmName: string;
  readonly cpus: number;
  readonly memoryMb: number;
  /** Where VirtualBox keeps the VM's settings (the machine's directory). */
  readonly baseFolder: string;
  readonly serialLog: string;
}

export function createVmArgs(vm: VmShape): string[] {
  return ['createvm', '--basefolder', vm.baseFolder, '--name', vm.vmName, '--ostype', 'Debian_64', '--register'];
}

/** The host-only adapter (or VirtualBox 7 macOS network) NIC 2 is attached to. */
export function nic2Args(plan: HostOnlyPlan, adapter: string): string[] {
  const attach =
    plan.mode === 'hostonlynet'
      ? ['--nic2', 'hostonlynet', '--host-only-net2', adapter]
      : ['--nic2', 'hostonly', '--hostonlyadapter2', adapter];
  return [...attach, '--nictype2', 'virtio', '--nicpromisc2', 'allow-all', '--cableconnected2', 'on'];
}

/** One modifyvm with the whole hardware: Xen as dom0 needs nested paging and nested VT-x/AMD-V for PVH guests. */
export function modifyVmArgs(vm: VmShape, plan: HostOnlyPlan, adapter: string): string[] {
  return [
    'modifyvm',
    vm.vmName,
    '--ostype',
    'Debian_64',
    '--cpus',
    String(vm.cpus),
    '--memory',
    String(vm.memoryMb),
    '--acpi',
    'on',
    '--ioapic',
    'on',
    '--rtcuseutc',
    'on',
    '--hwvirtex',
    'on',
    '--nestedpaging',
    'on',
    '--nested-hw-virt',
    'on',
    '--paravirtprovider',
    'kvm',
    '--firmware',
    'bios',
    '--boot1',
    'disk',
    '--boot2',
    'dvd',
    '--boot3',
    'none',
    '--boot4',
    'none',
    '--nic1',
    'nat',
    '--nictype1',
    'virtio',
    '--cableconnected1',
    'on',
    ...nic2Args(plan, adapter),
    '--uart1',
    '0x3F8',
    '4',
    '--uartmode1',
    'file',
    vm.serialLog,
  ];
}

export function natForwardArgs(vmName: string, port: number): string[] {
  return ['modifyvm', vmName, '--natpf1', `${NAT_RULE},tcp,127.0.0.1,${port},,22`];
}

export function natForwardDeleteArgs(vmName: string): string[] {
  return ['modifyvm', vmName, '--natpf1', 'delete', NAT_RULE];
}

export function storageCtlArgs(vmName: string): string[] {
  return [
    'storagectl',
    vmName,
    '--name',
    CONTROLLER,
    '--add',
    'sata',
    '--controller',
    'IntelAhci',
    '--portcount',
    '2',
    '--hostiocache',
    'on',
  ];
}

export function attachDiskArgs(vmName: string, disk: string): string[] {
  return [
    'storageattach',
    vmName,
    '--storagectl',
    CONTROLLER,
    '--port',
    String(DISK_PORT),
    '--device',
    '0',
    '--type',
    'hdd',
    '--medium',
    disk,
  ];
}

export function attachSeedArgs(vmName: string, iso: string): string[] {
  return [
    'storageattach',
    vmName,
    '--storagectl',
    CONTROLLER,
    '--port',
    String(SEED_PORT),
    '--device',
    '0',
    '--type',
    'dvddrive',
    '--medium',
    iso,
  ];
}

export function convertDiskArgs(raw: string, vdi: string): string[] {
  return ['convertfromraw', raw, vdi, '--format', 'VDI'];
}

export function resizeDiskArgs(vdi: string, sizeMb: number): string[] {
  return ['modifymedium', 'disk', vdi, '--resize', String(sizeMb)];
}

/** Create the host-only network: an adapter (`hostonlyif create` names it) or a VirtualBox 7 macOS network. */
export function hostOnlyCreateArgs(plan: HostOnlyPlan): string[] {
  if (plan.mode === 'hostonlyif') return ['hostonlyif', 'create'];
  return [
    'hostonlynet',
    'add',
    '--name',
    plan.adapter.name ?? 'onramp',
    '--netmask',
    netmask(plan.subnet.prefix),
    '--lower-ip',
    formatIpv4(plan.hostIp),
    '--upper-ip',
    formatIpv4(plan.unikernels.first - 1),
    '--enable',
  ];
}

export function hostOnlyIpconfigArgs(adapter: string, plan: HostOnlyPlan): string[] {
  return ['hostonlyif', 'ipconfig', adapter, '--ip', formatIpv4(plan.hostIp), '--netmask', netmask(plan.subnet.prefix)];
}

export function dhcpRemoveArgs(netName: string): string[] {
  return ['dhcpserver', 'remove', '--netname', netName];
}

export function netmask(prefix: number): string {
  return formatIpv4(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
}

export const startVmArgs = (vmName: string): string[] => ['startvm', vmName, '--type', 'headless'];
export const acpiStopArgs = (vmName: string): string[] => ['controlvm', vmName, 'acpipowerbutton'];
export const powerOffArgs = (vmName: string): string[] => ['controlvm', vmName, 'poweroff'];
export const unregisterArgs = (vmName: string): string[] => ['unregistervm', vmName, '--delete'];
export const showVmInfoArgs = (vmName: string): string[] => ['showvminfo', vmName, '--machinereadable'];
