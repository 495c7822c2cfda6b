// dom0-dnsmasq-dhcp: dnsmasq is installed, enabled, running and listening for DHCP on dom0's
// bridge with the guide's onramp.conf. The dom0-dnsmasq step's skipIf: a second run (the
// autopilot, `onramp machine create --driver generic`) finds it done and restarts nothing.
import type { Verdict } from '../../../protocol/verdict';
import type { HostAddress } from '../../network/host-only-rules';
import { cidrContains, cidrOf, formatIpv4 } from '../../network/ipv4';
import type { ExecOutput } from '../../runners/types';
import type { CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, fix, passed, warning } from '../outcome';
import type { BridgeInfo } from '../parsers/ip-json';
import {
  DNSMASQ_FACTS_SCRIPT,
  ONRAMP_DNSMASQ_CONF,
  parseDnsmasqFacts,
  type DhcpListener,
  type DnsmasqFacts,
  type OnrampDnsmasqConf,
} from '../parsers/dnsmasq-facts';
import { gatherBridges } from './dom0';

const EXPECTED = `dnsmasq enabled and active, ${ONRAMP_DNSMASQ_CONF} naming dom0's bridge and a dhcp-range in its subnet, UDP port 67 open on it`;
const RUN_STEP = fix(
  'Run the dom0 networking chapter\'s dnsmasq step ("dnsmasq on the bridge"), or give the unikernels their address at boot instead.',
  [],
  'waiting-for-dhcp',
);

/** `systemctl is-enabled` says the unit file does not exist: the package is not installed. */
function notInstalled(enabled: string): boolean {
  return /No such file or directory|not-found|^$/.test(enabled);
}

function confProblem(conf: OnrampDnsmasqConf, bridges: readonly BridgeInfo[] | undefined): Verdict | undefined {
  const iface = conf.interfaces[0];
  const missing = [
    ...(iface === undefined ? ['interface='] : []),
    ...(conf.bindInterfaces ? [] : ['bind-interfaces']),
    ...(conf.range === undefined ? ['dhcp-range=FIRST,LAST,…'] : []),
  ];
  if (missing.length > 0) {
    return failed(
      `${ONRAMP_DNSMASQ_CONF} is not the guide's: it has no ${missing.join(', ')}`,
      `interface=${conf.interfaces.join(',') || '(none)'}, dhcp-range ${conf.range?.text ?? '(none)'}`,
      EXPECTED,
      RUN_STEP,
    );
  }
  if (iface !== undefined && bridges && !bridges.some((b) => b.name === iface)) {
    const names = bridges.map((b) => b.name).join(', ') || 'none';
    return failed(
      `${ONRAMP_DNSMASQ_CONF} serves interface=${iface}, which is not a bridge in dom0 (bridges: ${names})`,
      `interface=${iface}`,
      EXPECTED,
      fix(
        "Run the dnsmasq step again with bridge set to dom0's bridge.",
        [
          `sudo sed -i 's/^interface=.*/interface=${bridges[0]?.name ?? 'br0'}/' ${ONRAMP_DNSMASQ_CONF}`,
          'sudo systemctl restart dnsmasq',
        ],
        'dom0-bridge',
      ),
    );
  }
  return undefined;
}

function serviceProblem(facts: DnsmasqFacts): Verdict | undefined {
  if (facts.enabled !== 'enabled' && facts.enabled !== 'enabled-runtime') {
    return failed(
      `dnsmasq is not enabled in dom0 (systemctl is-enabled: ${facts.enabled}): it will not start after a reboot`,
      `is-enabled ${facts.enabled}`,
      EXPECTED,
      fix(
        'Enable and start it.',
        ['sudo systemctl unmask dnsmasq', 'sudo systemctl enable --now dnsmasq'],
        'waiting-for-dhcp',
      ),
    );
  }
  if (facts.active !== 'active') {
    return failed(
      `dnsmasq is not running in dom0 (systemctl is-active: ${facts.active || 'no answer'})`,
      `is-active ${facts.active || '(empty)'}`,
      EXPECTED,
      fix(
        'Start it and read why it stopped (a config error names its line).',
        ['sudo systemctl restart dnsmasq', 'sudo journalctl -u dnsmasq -n 20 --no-pager'],
        'waiting-for-dhcp',
      ),
    );
  }
  return undefined;
}

function listenerOn(listeners: readonly DhcpListener[], iface: string): DhcpListener | undefined {
  const v4 = listeners.filter((l) => !l.address.includes(':') && !l.address.startsWith('['));
  return v4.find((l) => l.device === iface) ?? v4.find((l) => l.device === undefined);
}

function addressProblem(
  iface: string,
  range: NonNullable<OnrampDnsmasqConf['range']>,
  addresses: readonly HostAddress[],
) {
  const own = addresses.filter((a) => a.ifname === iface);
  const subnet = own.find((a) => {
    const net = cidrOf(a.address, a.prefix);
    return cidrContains(net, cidrOf(range.first, 32)) && cidrContains(net, cidrOf(range.last, 32));
  });
  if (subnet) return { ok: `${formatIpv4(subnet.address)}/${subnet.prefix}` } as const;
  const found = own.map((a) => `${formatIpv4(a.address)}/${a.prefix}`).join(', ') || 'no IPv4 address';
  return {
    problem: failed(
      `dnsmasq's dhcp-range ${range.text} is not in the subnet of ${iface} (${found}): dnsmasq answers no DHCP request there`,
      `${iface}: ${found}; dhcp-range ${range.text}`,
      EXPECTED,
      fix(
        `Give ${iface} its address first (the bridge step), or run the dnsmasq step with a range in ${iface}'s subnet.`,
        [],
        'waiting-for-dhcp',
      ),
    ),
  } as const;
}

/** The verdict from the facts script's output and dom0's bridges (undefined when they could not be listed). Pure. */
export function decideDom0Dnsmasq(out: ExecOutput, bridges: readonly BridgeInfo[] | undefined): Verdict {
  const cannot = couldNotRun(out, "reading dnsmasq's state in dom0");
  if (cannot) return cannot;
  const facts = parseDnsmasqFacts(out.stdout);
  if (!facts) return { status: 'error', reason: `could not read dnsmasq's state in dom0: ${describeOutput(out)}` };
  if (!facts.conf) {
    const found = notInstalled(facts.enabled)
      ? 'dnsmasq not installed'
      : `no ${ONRAMP_DNSMASQ_CONF} (dnsmasq ${facts.active})`;
    return warning(`dnsmasq does not serve DHCP the guide's way in dom0: ${found}`, found, EXPECTED, RUN_STEP);
  }
  if (notInstalled(facts.enabled)) {
    return failed(
      `${ONRAMP_DNSMASQ_CONF} exists but dnsmasq is not installed in dom0`,
      facts.enabled,
      EXPECTED,
      RUN_STEP,
    );
  }
  const problem = confProblem(facts.conf, bridges) ?? serviceProblem(facts);
  if (problem) return problem;
  const iface = facts.conf.interfaces[0] ?? '';
  const range = facts.conf.range!;
  const listener = listenerOn(facts.dhcpListeners, iface);
  if (!listener) {
    const found = facts.dhcpListeners.map((l) => l.local).join(', ') || 'nothing on UDP port 67';
    return failed(
      `dnsmasq runs but does not listen for DHCP on ${iface}: ${found}`,
      found,
      EXPECTED,
      fix(
        'Restart it once the bridge is up, and read its log.',
        ['sudo systemctl restart dnsmasq', 'sudo journalctl -u dnsmasq -n 20 --no-pager'],
        'waiting-for-dhcp',
      ),
    );
  }
  const subnet = facts.addresses ? addressProblem(iface, range, facts.addresses) : undefined;
  if (subnet && 'problem' in subnet) return subnet.problem;
  const on = subnet ? `${iface} (${subnet.ok})` : iface;
  return passed(`dnsmasq enabled and active: DHCP ${range.text} on ${on}, listening on ${listener.local}`);
}

export const dom0DnsmasqDhcp: CheckDefinition = {
  id: 'dom0-dnsmasq-dhcp',
  async run(ctx) {
    const out = await ctx.exec({ argv: ['sh', '-c', DNSMASQ_FACTS_SCRIPT] });
    const { bridges } = await gatherBridges(ctx);
    return decideDom0Dnsmasq(out, bridges);
  },
};
