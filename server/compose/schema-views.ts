// Uniform views of the short and long forms the compose file allows.
import type { ComposeFile, ComposeService } from './schema';

export type { ComposeFile, ComposeService };

export interface ServiceNetworkRef {
  readonly network: string;
  readonly ipv4?: string;
}

export interface Dependency {
  readonly service: string;
  readonly condition: 'service_started' | 'service_healthy';
}

export function serviceNetworks(s: ComposeService): ServiceNetworkRef[] {
  if (Array.isArray(s.networks)) return s.networks.map((network) => ({ network }));
  return Object.entries(s.networks).map(([network, v]) =>
    v?.ipv4_address !== undefined ? { network, ipv4: v.ipv4_address } : { network },
  );
}

export function dependencies(s: ComposeService): Dependency[] {
  if (Array.isArray(s.depends_on))
    return s.depends_on.map((service) => ({ service, condition: 'service_started' as const }));
  return Object.entries(s.depends_on).map(([service, v]) => ({ service, condition: v.condition }));
}

export function dependencyNames(s: ComposeService): string[] {
  return dependencies(s).map((d) => d.service);
}
