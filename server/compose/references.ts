// Cross-references the schema cannot see: unknown services and networks, addresses outside
// their subnet or taken twice, and depends_on cycles.
import { cidrContains, parseCidr, parseIpv4 } from '../network/ipv4';
import { dependencyOrder } from './order';
import { gatewayOf } from './addresses';
import { dependencyNames, serviceNetworks, type ComposeFile } from './schema-views';

export interface ReferenceProblem {
  readonly path: readonly string[];
  readonly message: string;
}

export function referenceProblems(f: ComposeFile): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const taken = new Map<string, string>();
  for (const [name, svc] of Object.entries(f.services)) {
    for (const dep of dependencyNames(svc)) {
      if (!(dep in f.services))
        problems.push({
          path: ['services', name, 'depends_on'],
          message: `"${dep}" is not a service of this file: expected one of ${Object.keys(f.services).join(', ')}`,
        });
    }
    for (const { network, ipv4 } of serviceNetworks(svc)) {
      const net = f.networks[network];
      if (!net) {
        problems.push({
          path: ['services', name, 'networks'],
          message: `network "${network}" is not declared: add it under networks: with a bridge and a subnet`,
        });
        continue;
      }
      if (ipv4 === undefined) continue;
      const at = ['services', name, 'networks', network, 'ipv4_address'];
      const subnet = parseCidr(net.subnet);
      const addr = parseIpv4(ipv4);
      if (!subnet || addr === undefined) continue;
      if (!cidrContains(subnet, { base: addr, prefix: 32 }))
        problems.push({ path: at, message: `${ipv4} is outside the subnet ${net.subnet} of network "${network}"` });
      else if (ipv4 === gatewayOf(net))
        problems.push({ path: at, message: `${ipv4} is the gateway of network "${network}": pick another address` });
      const key = `${network}|${ipv4}`;
      const other = taken.get(key);
      if (other)
        problems.push({
          path: at,
          message: `${ipv4} is already the address of service "${other}" on network "${network}"`,
        });
      taken.set(key, name);
    }
  }
  for (const [name, net] of Object.entries(f.networks)) {
    const subnet = parseCidr(net.subnet);
    const gw = net.gateway !== undefined ? parseIpv4(net.gateway) : undefined;
    if (subnet && gw !== undefined && !cidrContains(subnet, { base: gw, prefix: 32 })) {
      problems.push({
        path: ['networks', name, 'gateway'],
        message: `${net.gateway} is outside the subnet ${net.subnet}`,
      });
    }
  }
  if (problems.length === 0) {
    const order = dependencyOrder(
      Object.fromEntries(Object.entries(f.services).map(([n, s]) => [n, dependencyNames(s)])),
    );
    if (!order.ok)
      problems.push({
        path: ['services', order.error[0] ?? '', 'depends_on'],
        message: `depends_on forms a cycle: ${order.error.join(' -> ')}`,
      });
  }
  return problems;
}
