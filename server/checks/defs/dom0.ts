// dom0-reachable, dom0-bridge, xl-vif-bridge: dom0 answers, and its bridge matches the unikernel's .xl.
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckContext, CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, fix, isNotFound, passed } from '../outcome';
import { bridgesOf, isVirtualLink, parseIpLinkJson, type BridgeInfo } from '../parsers/ip-json';
import { parseXlConfig, xlPlaceholders } from '../parsers/xl-config';

/** Fallback for an iproute2 without `-j`: each /sys/class/net/BRIDGE/brif directory lists its members. */
export const BRIF_LISTING_SCRIPT =
  'for d in /sys/class/net/*/brif; do [ -d "$d" ] || continue; b=${d%/brif}; echo "${b##*/}:" $(ls "$d"); done';

export function parseBrifListing(text: string): BridgeInfo[] {
  return text
    .split('\n')
    .map((line) => /^([^:\s]+):\s*(.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null && m[1] !== undefined)
    .map((m) => ({ name: m[1] ?? '', members: (m[2] ?? '').split(/\s+/).filter(Boolean) }));
}

export function decideDom0Reachable(out: ExecOutput): Verdict {
  if (out.error !== undefined) return { status: 'error', reason: out.error };
  const cannot = couldNotRun(out, 'uname -sr in dom0');
  if (cannot) return cannot;
  if (out.exitCode !== 0)
    return { status: 'error', reason: `dom0 answered but uname -sr failed: ${describeOutput(out)}` };
  return passed(`dom0: ${out.stdout.trim()}`);
}

const BRIDGE_FIX = fix(
  'Create a bridge over the host-only NIC (usually enp0s8), then make it permanent in /etc/network/interfaces as the guide shows.',
  ['sudo ip link add br0 type bridge', 'sudo ip link set enp0s8 master br0', 'sudo ip link set br0 up'],
  'dom0-bridge',
);

export function decideDom0Bridge(bridges: readonly BridgeInfo[] | undefined, source: ExecOutput): Verdict {
  const cannot = couldNotRun(source, 'listing bridges in dom0');
  if (cannot) return cannot;
  const expected = 'a bridge (e.g. br0) holding the host-only NIC';
  if (!bridges) return failed('could not list the network links in dom0', describeOutput(source), expected, BRIDGE_FIX);
  if (bridges.length === 0) return failed('dom0 has no network bridge', 'no bridge', expected, BRIDGE_FIX);
  const withNic = bridges.find((b) => b.members.some((m) => !isVirtualLink({ ifname: m })));
  if (!withNic) {
    const found = bridges.map((b) => `${b.name} (${b.members.length ? b.members.join(', ') : 'empty'})`).join('; ');
    return failed(`no bridge in dom0 holds a network interface: ${found}`, found, expected, BRIDGE_FIX);
  }
  const nics = withNic.members.filter((m) => !isVirtualLink({ ifname: m }));
  return passed(`${withNic.name} holds ${nics.join(', ')}`);
}

export function decideXlVifBridge(xlFile: string, xl: ExecOutput, bridges: readonly BridgeInfo[] | undefined): Verdict {
  const cannot = couldNotRun(xl, `reading ${xlFile}`);
  if (cannot) return cannot;
  if (xl.exitCode !== 0) {
    return failed(
      `${xlFile} was not found in dom0`,
      describeOutput(xl),
      `${xlFile}, written by mirage configure -t xen`,
      fix(
        'Build hello for Xen in dom0.',
        ['cd ~/mirage-skeleton/tutorial/hello', 'mirage configure -t xen', 'make depend', 'make build'],
        'hello-xen-not-built',
      ),
    );
  }
  const config = parseXlConfig(xl.stdout);
  if (config.vifBridges.length === 0) {
    return passed(`${xlFile} has no network device (vif = [  ]): no bridge to match`);
  }
  const placeholders = xlPlaceholders(xl.stdout);
  if (placeholders.length > 0) {
    return failed(
      `${xlFile} is a template: it still holds ${placeholders.join(', ')} where values belong`,
      `placeholders ${placeholders.join(', ')}`,
      `the .xl file mirage writes to dist/ (not the .xl.in template), with dom0's bridge`,
      fix(
        "Point the check at dist/NAME.xl, or fill the template in (bridge: dom0's bridge; memory in MB).",
        [],
        'xl-vif-bridge',
      ),
    );
  }
  const names = (bridges ?? []).map((b) => b.name);
  const wanted = config.vifBridges.map((b) => b ?? 'xenbr0');
  const missing = wanted.find((b) => !names.includes(b));
  if (missing) {
    const target = names[0] ?? 'br0';
    return failed(
      `${xlFile} attaches its network to the bridge "${missing}", which does not exist in dom0`,
      `vif bridge=${missing}; dom0 bridges: ${names.length ? names.join(', ') : 'none'}`,
      `a vif bridge that exists in dom0 (${names.length ? names.join(', ') : 'create one first'})`,
      fix(
        `Point the vif at dom0's bridge (mirage guessed the name on the build host).`,
        [`sed -i "s/bridge=${missing}/bridge=${target}/" ${xlFile}`],
        'xl-vif-bridge',
      ),
    );
  }
  return passed(`vif bridge=${wanted.join(', ')} exists in dom0`);
}

/** Bridges in dom0 by `ip -j -d link`, falling back to /sys/class/net/ *\/brif. */
export async function gatherBridges(
  ctx: CheckContext,
): Promise<{ bridges: BridgeInfo[] | undefined; source: ExecOutput }> {
  const link = await ctx.exec({ argv: ['ip', '-j', '-d', 'link'] });
  const links = link.exitCode === 0 ? parseIpLinkJson(link.stdout) : undefined;
  if (links) return { bridges: bridgesOf(links), source: link };
  if (link.error !== undefined && !isNotFound(link)) return { bridges: undefined, source: link };
  const brif = await ctx.exec({ argv: ['sh', '-c', BRIF_LISTING_SCRIPT] });
  return { bridges: brif.exitCode === 0 ? parseBrifListing(brif.stdout) : undefined, source: brif };
}

export const dom0Reachable: CheckDefinition = {
  id: 'dom0-reachable',
  run: async (ctx) => decideDom0Reachable(await ctx.exec({ argv: ['uname', '-sr'] })),
};

export const dom0Bridge: CheckDefinition = {
  id: 'dom0-bridge',
  async run(ctx) {
    const { bridges, source } = await gatherBridges(ctx);
    return decideDom0Bridge(bridges, source);
  },
};

export const xlVifBridge: CheckDefinition = {
  id: 'xl-vif-bridge',
  async run(ctx) {
    const xl = await ctx.exec({ argv: ['cat', ctx.settings.xlFile] });
    const { bridges } = await gatherBridges(ctx);
    return decideXlVifBridge(ctx.settings.xlFile, xl, bridges);
  },
};
