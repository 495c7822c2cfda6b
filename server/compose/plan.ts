// From a validated compose file to what dom0 must hold: bridges, and per service its domain
// name, addresses, MACs, `.xl` text and configuration hash, in dependency order.
import { createHash } from 'node:crypto';
import { parseCidr } from '../network/ipv4';
import { assignAddresses, gatewayOf } from './addresses';
import { domainName, macFor } from './identity';
import { dependencyOrder } from './order';
import type { ComposeFile, ComposeService, Healthcheck } from './schema';
import { dependencies, dependencyNames, serviceNetworks, type Dependency } from './schema-views';
import { bootArguments, xlText } from './xl-text';
import type { Result } from '../../protocol/result';

export interface PlannedVif {
  readonly network: string;
  readonly bridge: string;
  readonly mac: string;
  readonly ipv4: string;
  readonly prefix: number;
  readonly gateway: string;
}

export interface PlannedService {
  readonly service: string;
  readonly domain: string;
  readonly memoryMb: number;
  readonly source:
    { readonly kind: 'build'; readonly dir: string } | { readonly kind: 'kernel'; readonly path: string };
  /** Where the kernel lives in dom0. */
  readonly remoteKernel: string;
  /** The ramdisk on this machine and where it lives in dom0, when the service has one. */
  readonly ramdisk?: { readonly local: string; readonly remote: string };
  readonly remoteXl: string;
  /** Where a `build:` folder is copied and built in dom0, relative to the login user's home. */
  readonly remoteBuildDir: string;
  readonly vifs: readonly PlannedVif[];
  readonly dependsOn: readonly Dependency[];
  readonly healthcheck?: Healthcheck;
  readonly xl: string;
  /** Changes whenever the `.xl` or the kernel's content changes. */
  readonly hash: string;
}

export interface PlannedNetwork {
  readonly network: string;
  readonly bridge: string;
  readonly subnet: string;
  readonly gateway: string;
}

export interface ComposePlan {
  readonly project: string;
  readonly remoteDir: string;
  readonly networks: readonly PlannedNetwork[];
  /** Creation order; removal is the reverse. */
  readonly services: readonly PlannedService[];
}

export interface PlanInputs {
  /** Content digest of each service's kernel (prebuilt file) or build folder. */
  readonly kernelDigests: Readonly<Record<string, string>>;
  /** Base folder in dom0 for the project's files (default /var/lib/onramp/compose). */
  readonly remoteBase?: string;
}

export type PlanResult = Result<ComposePlan>;

export function configHash(xl: string, kernelDigest: string): string {
  return createHash('sha256').update(xl).update('\0').update(kernelDigest).digest('hex').slice(0, 16);
}

export function planProject(f: ComposeFile, inputs: PlanInputs): PlanResult {
  const remoteDir = `${inputs.remoteBase ?? '/var/lib/onramp/compose'}/${f.name}`;
  const order = dependencyOrder(
    Object.fromEntries(Object.entries(f.services).map(([n, s]) => [n, dependencyNames(s)])),
  );
  if (!order.ok) return { ok: false, error: `depends_on forms a cycle: ${order.error.join(' -> ')}` };
  const networks: PlannedNetwork[] = Object.entries(f.networks).map(([network, n]) => ({
    network,
    bridge: n.bridge,
    subnet: n.subnet,
    gateway: gatewayOf(n),
  }));
  const addressOf = new Map<string, ReadonlyMap<string, string>>();
  for (const [network, n] of Object.entries(f.networks)) {
    const members = Object.keys(f.services)
      .sort()
      .flatMap((service) =>
        serviceNetworks(f.services[service] as ComposeService)
          .filter((r) => r.network === network)
          .map((r) => ({ service, ...(r.ipv4 !== undefined ? { ipv4: r.ipv4 } : {}) })),
      );
    const assigned = assignAddresses(n, members);
    if (!assigned.ok) return { ok: false, error: `network "${network}": ${assigned.error}` };
    addressOf.set(network, assigned.value);
  }
  const services: PlannedService[] = [];
  for (const service of order.value) {
    const s = f.services[service];
    if (!s) continue;
    const domain = domainName(f.name, service);
    const vifs: PlannedVif[] = serviceNetworks(s).map(({ network }) => {
      const n = f.networks[network];
      return {
        network,
        bridge: n?.bridge ?? '',
        mac: macFor(f.name, service, network),
        ipv4: addressOf.get(network)?.get(service) ?? '',
        prefix: parseCidr(n?.subnet ?? '')?.prefix ?? 32,
        gateway: n ? gatewayOf(n) : '',
      };
    });
    const first = vifs[0];
    const remoteKernel = `${remoteDir}/${service}.xen`;
    const remoteRamdisk = s.ramdisk !== undefined ? `${remoteDir}/${service}.ramdisk` : undefined;
    const xl = xlText({
      name: domain,
      kernel: remoteKernel,
      memoryMb: s.memory,
      ramdisk: remoteRamdisk,
      tscMode: s.tsc_mode,
      vifs,
      cmdline: bootArguments(
        first ? { address: first.ipv4, prefix: first.prefix, gateway: first.gateway } : undefined,
        s.args,
      ),
    });
    services.push({
      service,
      domain,
      memoryMb: s.memory,
      source: s.build !== undefined ? { kind: 'build', dir: s.build } : { kind: 'kernel', path: s.kernel ?? '' },
      remoteKernel,
      ...(s.ramdisk !== undefined && remoteRamdisk ? { ramdisk: { local: s.ramdisk, remote: remoteRamdisk } } : {}),
      remoteXl: `${remoteDir}/${service}.xl`,
      remoteBuildDir: `onramp-compose/${f.name}/${service}`,
      vifs,
      dependsOn: dependencies(s),
      ...(s.healthcheck ? { healthcheck: s.healthcheck } : {}),
      xl,
      hash: configHash(xl, inputs.kernelDigests[service] ?? ''),
    });
  }
  return { ok: true, value: { project: f.name, remoteDir, networks, services } };
}
