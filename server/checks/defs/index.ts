// Every check the engine can run, by id: one definition per id of protocol/check-catalog.ts.
import type { KnownCheckId } from '../../../protocol/check-catalog';
import type { CheckDefinition } from '../types';
import { hostPlatform } from './host-platform';
import { opamEnv, opamInitialised, opamVersion } from './opam';
import { mirageVersion, ocamlVersion } from './ocaml-mirage';
import { helloUnixBuilt, helloUnixRuns } from './hello-unix';
import { virtualboxVersion } from './virtualbox';
import { hostOnlyClash, hostOnlyDhcpOff, hostOnlyNetwork } from './host-only';
import { dom0VmExists, dom0VmNested, dom0VmNic, dom0VmRunning } from './dom0-vm';
import { dom0Bridge, dom0Reachable, xlVifBridge } from './dom0';
import { dom0DnsmasqDhcp } from './dom0-dnsmasq';
import { xenHvm, xenRunning, xenVersion } from './xen';
import { xenConsoleLog } from './console-log';
import { unikernelBoot } from './unikernel';

export const CHECK_DEFINITIONS: Readonly<Record<KnownCheckId, CheckDefinition>> = {
  'host-platform': hostPlatform,
  'opam-version': opamVersion,
  'opam-initialised': opamInitialised,
  'opam-env': opamEnv,
  'ocaml-version': ocamlVersion,
  'mirage-version': mirageVersion,
  'hello-unix-built': helloUnixBuilt,
  'hello-unix-runs': helloUnixRuns,
  'virtualbox-version': virtualboxVersion,
  'hostonly-network': hostOnlyNetwork,
  'hostonly-clash': hostOnlyClash,
  'hostonly-dhcp-off': hostOnlyDhcpOff,
  'dom0-vm-exists': dom0VmExists,
  'dom0-vm-running': dom0VmRunning,
  'dom0-vm-nested': dom0VmNested,
  'dom0-vm-nic': dom0VmNic,
  'dom0-reachable': dom0Reachable,
  'dom0-bridge': dom0Bridge,
  'dom0-dnsmasq-dhcp': dom0DnsmasqDhcp,
  'xen-running': xenRunning,
  'xen-version': xenVersion,
  'xen-hvm': xenHvm,
  'xen-console-log': xenConsoleLog,
  'xl-vif-bridge': xlVifBridge,
  'unikernel-boot': unikernelBoot,
};
