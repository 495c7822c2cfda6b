// `onramp compose config`: the plan as YAML: every address, MAC, bridge and the creation order.
import { stringify } from 'yaml';
import type { ComposePlan } from './plan';

export function resolvedConfig(plan: ComposePlan): string {
  return stringify({
    name: plan.project,
    networks: Object.fromEntries(
      plan.networks.map((n) => [n.network, { bridge: n.bridge, subnet: n.subnet, gateway: n.gateway }]),
    ),
    services: Object.fromEntries(
      plan.services.map((s) => [
        s.service,
        {
          domain: s.domain,
          ...(s.source.kind === 'build' ? { build: s.source.dir } : { kernel: s.source.path }),
          memory: s.memoryMb,
          networks: Object.fromEntries(
            s.vifs.map((v) => [v.network, { ipv4_address: v.ipv4, mac: v.mac, bridge: v.bridge }]),
          ),
          ...(s.dependsOn.length > 0
            ? { depends_on: Object.fromEntries(s.dependsOn.map((x) => [x.service, { condition: x.condition }])) }
            : {}),
          ...(s.healthcheck ? { healthcheck: s.healthcheck } : {}),
          config_hash: s.hash,
        },
      ]),
    ),
    creation_order: plan.services.map((s) => s.service),
  });
}
