// The generic driver plans the guide's real dom0 chapters with the autopilot's planner: the
// chapters' own steps in order (the same registry the browser runs), the user's --param values
// sent to the chapters that take them, and the card the bridge will take (for preflight).
import { beforeAll, describe, expect, it } from 'vitest';
import { contentDirs, loadContent } from '../../lib/content/index';
import type { StepRegistry } from '../../protocol/steps';
import { planGenericGuide } from '../../server/machine/generic/run-guide';

let registry: StepRegistry;
beforeAll(async () => {
  registry = (await loadContent(contentDirs({}))).registry;
});

const stepsOf = (plan: { items: readonly { kind: string; stepId?: string; checkId?: string }[] }) =>
  plan.items.map((i) => (i.kind === 'check' ? `check:${i.checkId}` : i.stepId));

describe('planGenericGuide', () => {
  it('plans "Xen in dom0" then "dom0 networking" (ifupdown tab) from the registry, bridge over enp0s8 by default', () => {
    const planned = planGenericGuide(registry, {});
    expect(planned.ok, planned.ok ? '' : planned.error).toBe(true);
    if (!planned.ok) return;
    const [xen, dom0] = planned.value.plans;
    expect(xen?.chapter).toBe('xen');
    expect(stepsOf(xen!)).toEqual(
      expect.arrayContaining(['xen-install', 'xen-grub-default', 'xen-reboot', 'xen-info', 'check:xen-running']),
    );
    const xenSteps = stepsOf(xen!);
    expect(xenSteps.indexOf('xen-install')).toBeLessThan(xenSteps.indexOf('xen-reboot'));
    expect(dom0?.chapter).toBe('dom0');
    expect(stepsOf(dom0!)).toContain('dom0-bridge-ifupdown');
    expect(stepsOf(dom0!)).not.toContain('dom0-bridge-networkd');
    expect(planned.value.bridge).toEqual({ nic: 'enp0s8', bridge: 'br0' });
    // every step item is a declared step: the commands come from the registry, nowhere else
    const declared = new Set<string>(registry.steps.map((s) => s.id));
    for (const id of [...stepsOf(xen!), ...stepsOf(dom0!)])
      if (!id?.startsWith('check:')) expect(declared.has(id!)).toBe(true);
  });

  it('sends each --param to the chapter that takes it, and refuses one no step takes or of the wrong kind', () => {
    const planned = planGenericGuide(registry, { nic: 'enp3s0', dom0_mem_mb: '2048', address: '10.9.0.5' });
    expect(planned.ok && planned.value.bridge).toEqual({ nic: 'enp3s0', bridge: 'br0' });
    const unknown = planGenericGuide(registry, { nosuch: '1' });
    expect(unknown.ok ? '' : unknown.error).toMatch(
      /--param nosuch: no step of xen, dom0 takes it; they take .*dom0_mem_mb.*nic/,
    );
    const badKind = planGenericGuide(registry, { dom0_mem_mb: 'lots' });
    expect(badKind.ok ? '' : badKind.error).toMatch(/parameter "dom0_mem_mb" of step xen-grub-default \(int\)/);
  });
});
