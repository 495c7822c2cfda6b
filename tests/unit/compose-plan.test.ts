// Pure planning: addresses, MACs, names, dependency order (cycles named), .xl text, change hashes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assignAddresses, gatewayOf } from '../../server/compose/addresses';
import { domainName, isProjectDomain, macFor } from '../../server/compose/identity';
import { formatProblem, parseComposeText } from '../../server/compose/load-file';
import { dependencyOrder } from '../../server/compose/order';
import { planProject, type ComposePlan } from '../../server/compose/plan';

const FIXTURE = new URL('../fixtures/compose/two-services.yaml', import.meta.url).pathname;

function plan(text: string, digests: Record<string, string> = {}): ComposePlan {
  const loaded = parseComposeText(text, FIXTURE);
  if (!loaded.ok) throw new Error(loaded.error.map(formatProblem).join('\n'));
  const planned = planProject(loaded.value.file, { kernelDigests: digests });
  if (!planned.ok) throw new Error(planned.error);
  return planned.value;
}

describe('address assignment', () => {
  it.each([
    [
      'first free host after the gateway',
      { subnet: '10.0.0.0/24' },
      [{ service: 'a' }, { service: 'b' }],
      { a: '10.0.0.2', b: '10.0.0.3' },
    ],
    [
      'skips taken addresses',
      { subnet: '10.0.0.0/24' },
      [{ service: 'a', ipv4: '10.0.0.2' }, { service: 'b' }, { service: 'c', ipv4: '10.0.0.3' }],
      { a: '10.0.0.2', b: '10.0.0.4', c: '10.0.0.3' },
    ],
    [
      'skips an explicit gateway in the middle',
      { subnet: '10.0.0.0/29', gateway: '10.0.0.2' },
      [{ service: 'a' }, { service: 'b' }],
      { a: '10.0.0.1', b: '10.0.0.3' },
    ],
    ['never the broadcast address', { subnet: '10.0.0.0/30' }, [{ service: 'a' }], { a: '10.0.0.2' }],
  ])('%s', (_what, net, members, expected) => {
    const r = assignAddresses(net, members);
    expect(r.ok && Object.fromEntries(r.value)).toEqual(expected);
  });

  it('reports a full subnet naming the service and the fix', () => {
    const r = assignAddresses({ subnet: '10.0.0.0/30' }, [{ service: 'a' }, { service: 'b' }]);
    expect(r).toEqual({
      ok: false,
      error: 'subnet 10.0.0.0/30 has no free address left for service "b": use a larger subnet',
    });
  });

  it('defaults the gateway to the first host address', () => {
    expect(gatewayOf({ subnet: '192.168.90.0/24' })).toBe('192.168.90.1');
    expect(gatewayOf({ subnet: '192.168.90.0/24', gateway: '192.168.90.254' })).toBe('192.168.90.254');
  });
});

describe('dependency order', () => {
  it.each([
    ['independent services by name', { b: [], a: [] }, ['a', 'b']],
    ['a chain', { web: ['app'], app: ['db'], db: [] }, ['db', 'app', 'web']],
    ['a diamond', { d: ['b', 'c'], b: ['a'], c: ['a'], a: [] }, ['a', 'b', 'c', 'd']],
  ])('%s', (_what, deps, order) => {
    expect(dependencyOrder(deps)).toEqual({ ok: true, value: order });
  });

  it.each([
    ['two services', { a: ['b'], b: ['a'] }, ['a', 'b', 'a']],
    ['a self-dependency', { a: ['a'], b: [] }, ['a', 'a']],
    ['three in a ring behind a free one', { x: [], p: ['q'], q: ['r'], r: ['p'], s: ['p'] }, ['p', 'q', 'r', 'p']],
  ])('names the cycle: %s', (_what, deps, cycle) => {
    expect(dependencyOrder(deps)).toEqual({ ok: false, error: cycle });
  });
});

describe('names and MACs', () => {
  it('prefixes domains with the project and recognises them', () => {
    expect(domainName('demo', 'web')).toBe('demo-web');
    expect(isProjectDomain('demo', 'demo-web')).toBe(true);
    expect(isProjectDomain('demo', 'demoweb')).toBe(false);
  });

  it('derives stable MACs in the Xen OUI, different per service and network', () => {
    const mac = macFor('demo', 'web', 'lan');
    expect(mac).toMatch(/^00:16:3e(:[0-9a-f]{2}){3}$/);
    expect(macFor('demo', 'web', 'lan')).toBe(mac);
    expect(
      new Set([mac, macFor('demo', 'db', 'lan'), macFor('demo', 'web', 'wan'), macFor('other', 'web', 'lan')]).size,
    ).toBe(4);
  });
});

describe('planProject', () => {
  const text = readFileSync(FIXTURE, 'utf8');

  it('orders by depends_on and writes a PVH .xl with bridge, MAC and Mirage boot arguments', () => {
    const p = plan(text, { db: 'k1', web: 'k2' });
    expect(p.services.map((s) => s.service)).toEqual(['db', 'web']);
    expect(p.networks).toEqual([{ network: 'lan', bridge: 'onrbr0', subnet: '10.77.0.0/24', gateway: '10.77.0.1' }]);
    const web = p.services[1];
    expect(web?.xl).toBe(
      [
        "name = 'demo-web'",
        "type = 'pvh'",
        "kernel = '/var/lib/onramp/compose/demo/web.xen'",
        'memory = 32',
        'vcpus = 1',
        "on_crash = 'preserve'",
        `vif = [ 'bridge=onrbr0,mac=${macFor('demo', 'web', 'lan')}' ]`,
        "cmdline = '--ipv4=10.77.0.3/24 --ipv4-gateway=10.77.0.1 --port=8080'",
        '',
      ].join('\n'),
    );
    expect(p.services[0]?.vifs[0]?.ipv4).toBe('10.77.0.2');
    expect(web?.dependsOn).toEqual([{ service: 'db', condition: 'service_healthy' }]);
  });

  it('change detection: the same file gives the same hashes; a change touches only its service', () => {
    const before = plan(text, { db: 'k1', web: 'k2' });
    const same = plan(text, { db: 'k1', web: 'k2' });
    expect(same.services.map((s) => s.hash)).toEqual(before.services.map((s) => s.hash));
    const moreMemory = plan(text.replace('memory: 32', 'memory: 64'), { db: 'k1', web: 'k2' });
    expect(moreMemory.services[0]?.hash).not.toBe(before.services[0]?.hash);
    expect(moreMemory.services[1]?.hash).toBe(before.services[1]?.hash);
    const newKernel = plan(text, { db: 'k1', web: 'k3' });
    expect(newKernel.services[0]?.hash).toBe(before.services[0]?.hash);
    expect(newKernel.services[1]?.hash).not.toBe(before.services[1]?.hash);
    const newArgs = plan(text.replace('--port=8080', '--port=9090'), { db: 'k1', web: 'k2' });
    expect(newArgs.services[1]?.hash).not.toBe(before.services[1]?.hash);
  });

  it('a Linux guest: ramdisk next to the kernel and tsc_mode in the .xl; the ramdisk counts in the hash', () => {
    const text =
      'name: lin\nservices:\n  g:\n    kernel: ./vmlinuz\n    ramdisk: ./initrd.gz\n    tsc_mode: native\n    memory: 128\n';
    const p = plan(text);
    expect(p.services[0]?.xl).toContain(
      "ramdisk = '/var/lib/onramp/compose/lin/g.ramdisk'\nmemory = 128\ntsc_mode = 'native'\n",
    );
    expect(p.services[0]?.ramdisk?.local).toMatch(/\/tests\/fixtures\/compose\/initrd\.gz$/);
  });

  it('a service without networks boots with its args only', () => {
    const p = plan('name: solo\nservices:\n  one:\n    kernel: k\n    args: [hello]\n');
    expect(p.services[0]?.xl).not.toContain('vif');
    expect(p.services[0]?.xl).toContain("cmdline = 'hello'");
  });
});
