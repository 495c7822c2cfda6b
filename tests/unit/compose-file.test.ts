// The compose file: schema, defaults and every error naming the file, line and field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseComposeText } from '../../server/compose/load-file';

const FIXTURE = new URL('../fixtures/compose/two-services.yaml', import.meta.url).pathname;

function problems(text: string): string[] {
  const r = parseComposeText(text, 'onramp-compose.yaml');
  if (r.ok) throw new Error('expected problems, the file was accepted');
  return r.error.map(formatProblem);
}

const base = (services: string, networks = 'networks:\n  lan:\n    bridge: onrbr0\n    subnet: 10.77.0.0/24\n') =>
  `name: demo\n${networks}services:\n${services}`;

describe('compose file', () => {
  it('accepts the fixture, fills defaults and resolves kernel-less build paths next to the file', () => {
    const r = parseComposeText(readFileSync(FIXTURE, 'utf8'), FIXTURE);
    if (!r.ok) throw new Error(r.error.map(formatProblem).join('\n'));
    expect(r.value.file.name).toBe('demo');
    expect(r.value.file.services.web?.memory).toBe(32);
    expect(r.value.file.services.db?.healthcheck).toEqual({
      console: 'ready',
      interval: 500,
      timeout: 2000,
      retries: 20,
    });
    expect(r.value.file.services.web?.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  });

  it('resolves build folders relative to the file', () => {
    const r = parseComposeText(base('  a:\n    build: ./src/a\n'), '/projects/x/onramp-compose.yaml');
    expect(r.ok && r.value.file.services.a?.build).toBe('/projects/x/src/a');
  });

  it.each([
    [
      'project name with capitals',
      'name: Demo\nservices:\n  a:\n    kernel: k\n',
      'onramp-compose.yaml:1: name: the project name must be lowercase',
    ],
    [
      'neither build nor kernel',
      base('  a:\n    memory: 32\n'),
      'onramp-compose.yaml:7: services.a: a service needs exactly one of build',
    ],
    [
      'both build and kernel',
      base('  a:\n    build: x\n    kernel: y\n'),
      'onramp-compose.yaml:7: services.a: a service needs exactly one of build',
    ],
    [
      'memory as text',
      base('  a:\n    kernel: k\n    memory: lots\n'),
      'onramp-compose.yaml:9: services.a.memory: Invalid input: expected number',
    ],
    [
      'unknown key',
      base('  a:\n    kernel: k\n    ports: [80]\n'),
      'onramp-compose.yaml:9: services.a.ports: Unrecognized key: "ports"',
    ],
    [
      'bad subnet',
      base('  a:\n    kernel: k\n', 'networks:\n  lan:\n    bridge: b\n    subnet: 10.0.0.0\n'),
      'onramp-compose.yaml:5: networks.lan.subnet: expected a subnet like',
    ],
    [
      'unknown network',
      base('  a:\n    kernel: k\n    networks: [wan]\n'),
      'onramp-compose.yaml:9: services.a.networks: network "wan" is not declared',
    ],
    [
      'unknown dependency',
      base('  a:\n    kernel: k\n    depends_on: [b]\n'),
      'onramp-compose.yaml:9: services.a.depends_on: "b" is not a service of this file',
    ],
    [
      'address outside the subnet',
      base('  a:\n    kernel: k\n    networks:\n      lan:\n        ipv4_address: 10.1.0.2\n'),
      'onramp-compose.yaml:11: services.a.networks.lan.ipv4_address: 10.1.0.2 is outside the subnet 10.77.0.0/24',
    ],
    [
      'address on the gateway',
      base('  a:\n    kernel: k\n    networks:\n      lan:\n        ipv4_address: 10.77.0.1\n'),
      'onramp-compose.yaml:11: services.a.networks.lan.ipv4_address: 10.77.0.1 is the gateway',
    ],
    [
      'address taken twice',
      base(
        '  a:\n    kernel: k\n    networks:\n      lan: {ipv4_address: 10.77.0.9}\n  b:\n    kernel: k\n    networks:\n      lan: {ipv4_address: 10.77.0.9}\n',
      ),
      'onramp-compose.yaml:14: services.b.networks.lan.ipv4_address: 10.77.0.9 is already the address of service "a"',
    ],
    [
      'a dependency cycle',
      base('  a:\n    kernel: k\n    depends_on: [b]\n  b:\n    kernel: k\n    depends_on: [a]\n'),
      'onramp-compose.yaml:9: services.a.depends_on: depends_on forms a cycle: a -> b -> a',
    ],
    [
      'a quote in a boot argument',
      base('  a:\n    kernel: k\n    args: ["x\'y"]\n'),
      'onramp-compose.yaml:9: services.a.args.0: a boot argument has no spaces',
    ],
    [
      'a bad healthcheck interval',
      base('  a:\n    kernel: k\n    healthcheck: {console: up, interval: soon}\n'),
      'onramp-compose.yaml:9: services.a.healthcheck',
    ],
    ['YAML syntax', 'name: demo\nservices:\n  a: [\n', 'onramp-compose.yaml:4: (top level): YAML:'],
    [
      'a duplicate key',
      'name: demo\nname: other\nservices: {}\n',
      'onramp-compose.yaml:2: (top level): YAML: Map keys must be unique',
    ],
  ])('%s', (_what, text, expected) => {
    const found = problems(text);
    expect(
      found.some((p) => p.startsWith(expected)),
      found.join('\n'),
    ).toBe(true);
  });
});
