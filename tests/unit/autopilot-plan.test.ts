// The autopilot's planner against the guide's real chapters: the order of steps, manual stops and
// checks, the tab each path and choice follows, where every parameter's value comes from, what
// is asked, and the refusals (each names what was found and what is expected).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../lib/content/index';
import { AutopilotRequestSchema, type AutopilotPlan, type PlanItem } from '../../protocol/autopilot';
import type { StepRegistry } from '../../protocol/steps';
import {
  checkAnswers,
  fillAnswers,
  planChapter,
  stepSummary,
  stepValues,
  type PlanInput,
} from '../../server/autopilot/plan';

let registry: StepRegistry;

beforeAll(async () => {
  ({ registry } = await loadContent(['content']));
});

function plan(request: Record<string, unknown>, more: Partial<Omit<PlanInput, 'registry' | 'request'>> = {}) {
  return planChapter({ registry, request: AutopilotRequestSchema.parse(request), defaultPath: 'qemu', ...more });
}

function planned(request: Record<string, unknown>, more: Partial<Omit<PlanInput, 'registry' | 'request'>> = {}) {
  const result = plan(request, more);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** `step:id`, `check:id`, `manual:id`, with `reboot` / `skipIf` markers: the plan as one line per item. */
function outline(p: AutopilotPlan): string[] {
  return p.items.map((item: PlanItem) => {
    if (item.kind === 'check') return `check:${item.checkId}`;
    const skip = item.skipIf ? ` skipIf=${item.skipIf}` : '';
    if (item.kind === 'manual') return `manual:${item.stepId}${skip}`;
    return `step:${item.stepId}${item.reboot ? ' reboot' : ''}${skip}`;
  });
}

const step = (p: AutopilotPlan, id: string) => {
  const item = p.items.find((i) => i.kind === 'step' && i.stepId === id);
  if (item?.kind !== 'step') throw new Error(`no step ${id} in the plan`);
  return item;
};

describe('planChapter on the real chapters', () => {
  it('"Xen in dom0": every step and check in the chapter\'s order, the reboot marked, done steps skippable', () => {
    const p = planned({ chapter: 'xen' });
    expect(p.title).toBe('Xen in dom0');
    expect(outline(p)).toEqual([
      'check:dom0-reachable',
      'step:xen-install skipIf=xen-running',
      'step:xen-grub-show',
      'step:xen-grub-default skipIf=xen-running',
      'step:xen-reboot reboot skipIf=xen-running',
      'step:xen-info',
      'step:xen-list',
      'check:xen-running',
      'check:xen-version',
      'check:xen-hvm',
      'step:xen-console-logs skipIf=xen-console-log',
      'check:xen-console-log',
    ]);
    expect(p.items.map((i) => i.index)).toEqual(p.items.map((_, i) => i));
    expect(p.ask).toEqual([]);
    expect(step(p, 'xen-grub-default').params).toEqual([
      { name: 'dom0_mem_mb', kind: 'int', value: '1024', source: 'default' },
    ]);
  });

  it("each tab group is named by its first step's section, for the chooser's label", () => {
    const vbox = planned({ chapter: 'virtualbox', path: 'virtualbox' });
    const chosen = vbox.tabs.filter((t) => t.by !== 'path');
    expect(chosen.length).toBeGreaterThan(1);
    for (const t of chosen) expect(t.section, JSON.stringify(t)).toBeTruthy();
  });

  it('"dom0 networking": ifupdown by default (first tab), systemd-networkd when chosen by a prefix', () => {
    const ifupdown = planned({ chapter: 'dom0' });
    expect(ifupdown.tabs).toEqual([
      {
        group: 0,
        label: 'ifupdown (/etc/network/interfaces)',
        labels: ['ifupdown (/etc/network/interfaces)', 'systemd-networkd'],
        by: 'first',
        section: 'Create the bridge',
      },
    ]);
    expect(outline(ifupdown)).toEqual([
      'step:dom0-links',
      'step:dom0-bridge-utils skipIf=dom0-bridge',
      'step:dom0-bridge-ifupdown skipIf=dom0-bridge',
      'step:dom0-bridge-reboot reboot skipIf=dom0-bridge',
      'step:dom0-bridge-show',
      'check:dom0-bridge',
      'step:dom0-dnsmasq skipIf=dom0-dnsmasq-dhcp',
      'check:dom0-dnsmasq-dhcp',
    ]);
    const networkd = planned({ chapter: 'dom0', tabs: ['SYSTEMD'] });
    expect(networkd.tabs[0]).toMatchObject({ label: 'systemd-networkd', by: 'choice' });
    expect(outline(networkd)).toContain('step:dom0-bridge-networkd skipIf=dom0-bridge');
    expect(outline(networkd).join(' ')).not.toMatch(/ifupdown|bridge-utils/);
  });

  it('"The dom0 virtual machine": --path picks the tab marked for it; VirtualBox stops at the steps done by hand', () => {
    const qemu = planned({ chapter: 'dom0-vm', path: 'qemu' });
    expect(qemu.tabs[0]).toMatchObject({ label: 'QEMU/KVM (Linux)', by: 'path' });
    expect(outline(qemu)).toEqual(['step:qemu-apt-install', 'step:dom0-machine-create skipIf=dom0-reachable']);

    const vbox = planned({ chapter: 'dom0-vm', path: 'virtualbox' });
    expect(vbox.tabs[0]).toMatchObject({ label: 'VirtualBox', by: 'path' });
    expect(outline(vbox)).toEqual([
      'step:dom0-vm-machine-create skipIf=dom0-vm-exists',
      'step:dom0-vm-create skipIf=dom0-vm-exists',
      'step:dom0-vm-disk skipIf=dom0-vm-exists',
      'check:dom0-vm-exists',
      'check:dom0-vm-nested',
      'check:dom0-vm-nic',
      'manual:dom0-vm-start-gui skipIf=dom0-reachable',
      'manual:dom0-ssh-copy-id skipIf=dom0-reachable',
      'step:dom0-vm-start-headless skipIf=dom0-vm-running',
      'check:dom0-vm-running',
    ]);
    const gui = vbox.items.find((i) => i.kind === 'manual');
    expect(gui?.kind === 'manual' && gui.text).toMatch(/Debian 12 installer/);
    // the installer's ISO has no default and no known source: asked before anything runs
    expect(vbox.ask).toEqual([{ name: 'iso', kinds: ['path'], steps: ['dom0-vm-disk'] }]);
  });

  it('"Boot the unikernel": the boot check where the chapter puts it, the rest after', () => {
    expect(outline(planned({ chapter: 'boot' }))).toEqual([
      'step:hello-xen-boot',
      'check:unikernel-boot',
      'step:xen-list-after',
      'step:hello-xen-create-paused',
      'step:hello-xen-console',
      'step:hello-xen-destroy',
    ]);
  });

  it('leaves out checks of the other setup path (as "Run all" does)', () => {
    const qemu = planned({ chapter: 'virtualbox', path: 'qemu' });
    expect(qemu.items.filter((i) => i.kind === 'check')).toEqual([]);
    const vbox = planned({ chapter: 'virtualbox', path: 'virtualbox' });
    expect(vbox.items.filter((i) => i.kind === 'check').map((i) => i.kind === 'check' && i.checkId)).toEqual([
      'virtualbox-version',
      'hostonly-network',
      'hostonly-clash',
      'hostonly-dhcp-off',
    ]);
  });
});

describe('parameter sources, best first', () => {
  const network = { dom0Ip: '192.168.57.5', nic: 'enp0s9', bridge: 'xenbr0' };

  it('network plan over the chapter default; an earlier answer over the plan; a value given now over all', () => {
    const fromPlan = step(planned({ chapter: 'dom0' }, { facts: { network } }), 'dom0-bridge-ifupdown');
    expect(fromPlan.params).toEqual([
      { name: 'nic', kind: 'ifname', value: 'enp0s9', source: 'network' },
      { name: 'bridge', kind: 'ifname', value: 'xenbr0', source: 'network' },
      { name: 'address', kind: 'host', value: '192.168.57.5', source: 'network' },
    ]);
    const remembered = step(
      planned({ chapter: 'dom0' }, { facts: { network }, remembered: { bridge: 'br7' } }),
      'dom0-bridge-ifupdown',
    );
    expect(remembered.params[1]).toEqual({ name: 'bridge', kind: 'ifname', value: 'br7', source: 'remembered' });
    const given = planned(
      { chapter: 'dom0', params: { bridge: 'br9' } },
      { facts: { network }, remembered: { bridge: 'br7' } },
    );
    // one answer per name: every step that takes `bridge` gets it
    expect(stepValues(step(given, 'dom0-bridge-ifupdown')).bridge).toBe('br9');
    expect(stepValues(step(given, 'dom0-dnsmasq')).bridge).toBe('br9');
  });

  it("the saved dom0 fills user and dom0; a fact that is not of the step's kind is passed over", () => {
    const p = planned(
      { chapter: 'dom0-vm', path: 'virtualbox' },
      { facts: { dom0: { host: '192.168.56.7', user: 'Alice Smith' } } },
    );
    const copy = p.items.find((i) => i.kind === 'manual' && i.stepId === 'dom0-ssh-copy-id');
    expect(copy).toBeDefined();
    const hello = planned({ chapter: 'hello-xen' }, { facts: { dom0: { host: '192.168.56.7', user: 'alice' } } });
    expect(step(hello, 'hello-xen-sync').params).toEqual([
      { name: 'user', kind: 'name', value: 'alice', source: 'dom0' },
    ]);
    const spaced = planned({ chapter: 'hello-xen' }, { facts: { dom0: { host: 'h', user: 'Alice Smith' } } });
    expect(step(spaced, 'hello-xen-sync').params).toEqual([
      { name: 'user', kind: 'name', value: 'user', source: 'default' },
    ]);
  });

  it('asks what has no value; answers are checked against every kind, then filled in as given', () => {
    const p = planned({ chapter: 'dom0-vm', path: 'virtualbox' });
    expect(p.ask).toEqual([{ name: 'iso', kinds: ['path'], steps: ['dom0-vm-disk'] }]);
    expect(step(p, 'dom0-vm-disk').params).toContainEqual({ name: 'iso', kind: 'path', source: 'ask' });

    const refused = checkAnswers(p.ask, { iso: 'a\nb', other: 'x' });
    expect(refused.accepted).toEqual({});
    expect(refused.unknown).toEqual(['other']);
    expect(refused.open).toEqual([{ ...p.ask[0], problem: 'a path has no control characters' }]);

    const answered = checkAnswers(p.ask, { iso: '/home/me/debian-12.iso' });
    expect(answered.open).toEqual([]);
    const filled = fillAnswers(p, answered.accepted);
    expect(filled.ask).toEqual([]);
    expect(step(filled, 'dom0-vm-disk').params).toContainEqual({
      name: 'iso',
      kind: 'path',
      value: '/home/me/debian-12.iso',
      source: 'given',
    });
  });

  it('the VirtualBox chapter: special-case network steps are stops for the reader, skipped when their check passes', () => {
    const p = planned({ chapter: 'virtualbox', path: 'virtualbox' });
    // Creating the network is skipped once one exists; another range, removing or moving an
    // adapter are never run by the autopilot (and skipped when nothing calls for them).
    expect(outline(p)).toEqual(
      expect.arrayContaining([
        'step:hostonly-create skipIf=hostonly-network',
        'manual:vbox-networks-conf skipIf=hostonly-network',
        'manual:hostonly-remove skipIf=hostonly-clash',
        'manual:hostonly-move skipIf=hostonly-clash',
        'step:hostonly-dhcp-disable skipIf=hostonly-dhcp-off',
      ]),
    );
    // Nothing left to ask: the steps that take a range or an adapter to remove are not run.
    expect(p.ask).toEqual([]);
  });
});

describe('--from and refusals', () => {
  it('--from starts at a step and leaves out what comes before it', () => {
    const p = planned({ chapter: 'xen', from: 'xen-info' });
    expect(outline(p)[0]).toBe('step:xen-info');
    expect(p.items[0]?.index).toBe(0);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'an unknown chapter',
      { chapter: 'nope' },
      /^no chapter "nope" in the guide; expected one of choose-your-path, opam, /,
    ],
    [
      'a tab that is not in the chapter',
      { chapter: 'dom0', tabs: ['netplan'] },
      /^tab "netplan" is not a tab of chapter "dom0"; expected one of "ifupdown \(\/etc\/network\/interfaces\)", "systemd-networkd"/,
    ],
    [
      'a tab prefix naming two tabs',
      { chapter: 'virtualbox', tabs: ['mac'] },
      /^tab "mac" names 3 tabs of chapter "virtualbox" .*write more of the label$/,
    ],
    [
      'two tabs of one group',
      { chapter: 'dom0', tabs: ['ifupdown', 'systemd-networkd'] },
      /are alternatives of the same choice in chapter "dom0"; choose one$/,
    ],
    [
      '--from a step of another tab',
      { chapter: 'dom0', from: 'dom0-bridge-networkd' },
      /^--from dom0-bridge-networkd: not a step of chapter "dom0" on this path and tabs; expected one of dom0-links, /,
    ],
    [
      'a parameter no step takes',
      { chapter: 'xen', params: { bridge: 'br0' } },
      /^parameter "bridge" is not used by chapter "xen" on this path and tabs; its steps take dom0_mem_mb$/,
    ],
    [
      'a value not of the kind',
      { chapter: 'xen', params: { dom0_mem_mb: '1G' } },
      /^parameter "dom0_mem_mb" of step xen-grub-default \(int\): an integer is 1-9 digits$/,
    ],
    [
      'a value with a shell metacharacter for an interface name',
      { chapter: 'dom0', params: { bridge: 'br0;reboot' } },
      /^parameter "bridge" of step dom0-bridge-ifupdown \(ifname\): an interface name is 1-15 letters/,
    ],
  ])('refuses %s', (_what, request, message) => {
    const result = plan(request);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});

describe('what the "Run this chapter" preview names', () => {
  it('each step by its section heading and its command, each check by its catalogue title', () => {
    const p = planned({ chapter: 'dom0-vm', path: 'qemu' });
    expect(p.items.map((i) => [i.title, i.kind === 'step' ? i.summary : undefined])).toEqual([
      ['Create the lab machine', 'apt-get update && apt-get install -y qemu-system-x86 qemu-utils debootstrap e2f…'],
      ['Create the lab machine', 'onramp machine create --driver qemu dom0'],
    ]);
    const xen = planned({ chapter: 'xen' });
    const reachable = xen.items.find((i) => i.kind === 'check' && i.checkId === 'dom0-reachable');
    expect(reachable?.title).toBe('dom0 answers over SSH');
    // No item is titled by its id alone.
    for (const item of xen.items) expect(item.title).not.toBe(item.kind === 'check' ? item.checkId : item.stepId);
  });

  it('a long command is cut at 80 characters with …, a short one kept whole', () => {
    expect(stepSummary('uname -sm\n')).toBe('uname -sm');
    const long = stepSummary(`apt-get install -y ${'x'.repeat(200)}`);
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
    const longOfTwo = stepSummary(`cd /tmp\napt-get install -y ${'x'.repeat(200)}`);
    expect(longOfTwo).toHaveLength(80);
    expect(longOfTwo).toMatch(/^apt-get install -y x+… \(\+1 line\)$/);
  });

  it('shows the line that does something, not the ones that prepare it, and how many lines there are', () => {
    expect(stepSummary('\n  eval "$(opam env)"\ncd "$HOME/hello"\nmirage configure -t unix')).toBe(
      'mirage configure -t unix (+2 lines)',
    );
    expect(stepSummary('. /etc/os-release\n# the repository\napt-get install -y virtualbox-7.0')).toBe(
      'apt-get install -y virtualbox-7.0 (+2 lines)',
    );
    expect(stepSummary('dir="$HOME/VMs"\nmkdir -p "$dir"\nVBoxManage createmedium disk')).toBe(
      'VBoxManage createmedium disk (+2 lines)',
    );
    // only preparing lines: the first one
    expect(stepSummary('cd /tmp\nrm -f x')).toBe('cd /tmp (+1 line)');
    expect(stepSummary('')).toBe('');
  });

  it("every step of the real chapters gets a summary that is one of its command's lines", () => {
    expect(registry.steps.length).toBeGreaterThan(20);
    for (const step of registry.steps) {
      const summary = stepSummary(step.command).replace(/ \(\+\d+ lines?\)$/, '');
      const lines = step.command.split('\n').map((l) => l.trim());
      expect(summary.endsWith('…') || lines.includes(summary), `${step.id}: ${summary}`).toBe(true);
    }
  });
});
