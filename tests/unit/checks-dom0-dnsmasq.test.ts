// dom0-dnsmasq-dhcp, the dom0-dnsmasq step's skipIf: a table of dnsmasq states in dom0 (the facts
// script's output, composed from captured formats: tests/fixtures/tools/README.md) → verdicts.
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../lib/content/index';
import { decideDom0Dnsmasq } from '../../server/checks/defs/dom0-dnsmasq';
import { bridgesOf, parseIpLinkJson, type BridgeInfo } from '../../server/checks/parsers/ip-json';
import { parseDhcpListeners, parseDnsmasqFacts, parseOnrampConf } from '../../server/checks/parsers/dnsmasq-facts';
import type { StepRegistry } from '../../protocol/steps';
import { execOutput, toolCapture, toolText } from '../fixtures/tools/load';

const SERVING = toolText('linux/dnsmasq-serving-br0.composed.txt');
const NOT_INSTALLED = toolText('linux/dnsmasq-not-installed.composed.txt');
const BRIDGES: BridgeInfo[] = bridgesOf(
  parseIpLinkJson(toolCapture('linux/dom0-ip-link-bridge.composed.json').stdout)!,
);

/** SERVING with one section's body replaced. */
function serving(section: 'enabled' | 'active' | 'conf' | 'udp' | 'addr', body: string): string {
  return SERVING.replace(new RegExp(`(@@${section}\\n)[\\s\\S]*?(?=\\n@@|\\n?$)`), `$1${body}`);
}

let registry: StepRegistry;
beforeAll(async () => {
  ({ registry } = await loadContent(['content']));
});

describe('the facts', () => {
  it("the fixture's onramp.conf is what the chapter's step writes with its defaults", () => {
    const step = registry.steps.find((s) => s.id === 'dom0-dnsmasq')!;
    expect(step.skipIf).toBe('dom0-dnsmasq-dhcp');
    const printf = step.command.split('\n').find((l) => l.startsWith('printf '))!;
    const [, conf] = /^(printf .*?) > (\S+)$/.exec(printf) ?? [];
    expect(printf.endsWith('> /etc/dnsmasq.d/onramp.conf')).toBe(true);
    const env = { ...process.env, ONRAMP_BRIDGE: 'br0', ONRAMP_FIRST: '192.168.56.150', ONRAMP_LAST: '192.168.56.200' };
    const written = execFileSync('sh', ['-c', conf!], { env, encoding: 'utf8' });
    expect(SERVING).toContain(`@@conf\n${written}@@udp`);
  });

  it('parse onramp.conf, ss -Huln (iproute2 6.1 columns, %device) and ip -j -4 addr', () => {
    const facts = parseDnsmasqFacts(SERVING)!;
    expect(facts.enabled).toBe('enabled');
    expect(facts.active).toBe('active');
    expect(facts.conf).toEqual({
      interfaces: ['br0'],
      bindInterfaces: true,
      range: { first: 0xc0a83896, last: 0xc0a838c8, text: '192.168.56.150-192.168.56.200' },
    });
    expect(facts.dhcpListeners).toEqual([{ local: '0.0.0.0%br0:67', address: '0.0.0.0', device: 'br0' }]);
    expect(facts.addresses?.find((a) => a.ifname === 'br0')?.prefix).toBe(24);
    expect(parseDhcpListeners('UNCONN 0      0            0.0.0.0:67          0.0.0.0:*          ')).toEqual([
      { local: '0.0.0.0:67', address: '0.0.0.0' },
    ]);
    expect(parseOnrampConf('# nothing\n').interfaces).toEqual([]);
    expect(parseDnsmasqFacts('sh: 1: systemctl: not found\n')).toBeUndefined();
  });
});

describe('decideDom0Dnsmasq', () => {
  it("passes for dnsmasq serving the guide's range on br0 (the step is then skipped)", () => {
    expect(decideDom0Dnsmasq(execOutput({ stdout: SERVING }), BRIDGES)).toEqual({
      status: 'passed',
      found:
        'dnsmasq enabled and active: DHCP 192.168.56.150-192.168.56.200 on br0 (192.168.56.5/24), listening on 0.0.0.0%br0:67',
    });
  });

  it.each<[string, string, string, RegExp]>([
    [
      'not installed (systemd 252 on Debian 12: no unit file), no onramp.conf',
      NOT_INSTALLED,
      'warning',
      /^dnsmasq does not serve DHCP the guide's way in dom0: dnsmasq not installed$/,
    ],
    [
      'installed with its own config, no onramp.conf',
      serving('conf', '@@missing'),
      'warning',
      /no \/etc\/dnsmasq\.d\/onramp\.conf \(dnsmasq active\)/,
    ],
    [
      'stopped',
      serving('active', 'inactive'),
      'failed',
      /dnsmasq is not running in dom0 \(systemctl is-active: inactive\)/,
    ],
    ['crashed on a config error', serving('active', 'failed'), 'failed', /is-active: failed/],
    [
      'disabled (no start after a reboot)',
      serving('enabled', 'disabled'),
      'failed',
      /not enabled in dom0 \(systemctl is-enabled: disabled\)/,
    ],
    ['masked', serving('enabled', 'masked'), 'failed', /is-enabled: masked/],
    [
      'running, but nothing on UDP 67',
      serving('udp', 'UNCONN 0      0       192.168.56.5:53          0.0.0.0:*          '),
      'failed',
      /^dnsmasq runs but does not listen for DHCP on br0: nothing on UDP port 67$/,
    ],
    [
      'listening on another device only',
      serving('udp', 'UNCONN 0      0        0.0.0.0%enp0s3:67         0.0.0.0:*          '),
      'failed',
      /does not listen for DHCP on br0: 0\.0\.0\.0%enp0s3:67/,
    ],
    [
      'a bridge that does not exist',
      serving(
        'conf',
        'interface=br9\nbind-interfaces\nexcept-interface=lo\ndhcp-range=192.168.56.150,192.168.56.200,255.255.255.0,12h',
      ),
      'failed',
      /interface=br9, which is not a bridge in dom0 \(bridges: br0\)/,
    ],
    [
      "not the guide's file (no dhcp-range)",
      serving('conf', 'interface=br0\nbind-interfaces'),
      'failed',
      /is not the guide's: it has no dhcp-range=FIRST,LAST,…/,
    ],
    [
      "a range outside the bridge's subnet",
      serving(
        'conf',
        'interface=br0\nbind-interfaces\nexcept-interface=lo\ndhcp-range=192.168.57.150,192.168.57.200,255.255.255.0,12h',
      ),
      'failed',
      /dhcp-range 192\.168\.57\.150-192\.168\.57\.200 is not in the subnet of br0 \(192\.168\.56\.5\/24\)/,
    ],
  ])('%s → %s', (_what, stdout, status, reason) => {
    const v = decideDom0Dnsmasq(execOutput({ stdout }), BRIDGES);
    expect(v.status).toBe(status);
    expect(v.status !== 'passed' && 'reason' in v ? v.reason : '').toMatch(reason);
    if (v.status === 'failed' || v.status === 'warning') expect(v.fix?.link).toMatch(/^\/guide\/troubleshooting#/);
  });

  it('a real capture (Debian 12 without systemd running or dnsmasq installed) only warns', () => {
    const v = decideDom0Dnsmasq(toolCapture('linux/dnsmasq-facts-no-systemd.json'), []);
    expect(v).toMatchObject({ status: 'warning', found: 'dnsmasq not installed' });
  });

  it('an SSH failure is an error, not a verdict on dnsmasq; output without the sections too', () => {
    expect(decideDom0Dnsmasq(execOutput({ exitCode: null, error: 'connection lost' }), BRIDGES)).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('connection lost'),
    });
    expect(
      decideDom0Dnsmasq(
        execOutput({ exitCode: 127, stderr: 'sh: 1: ss: not found\n', stdout: '@@enabled\nenabled\n' }),
        BRIDGES,
      ),
    ).toMatchObject({ status: 'error', reason: expect.stringContaining("could not read dnsmasq's state in dom0") });
  });

  it('without a bridge list (ip failed) the interface is not judged; the rest still is', () => {
    expect(decideDom0Dnsmasq(execOutput({ stdout: SERVING }), undefined).status).toBe('passed');
  });
});
