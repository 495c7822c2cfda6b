// What the generic driver prints from the autopilot's state: one line per item as it ends, and on a
// failure the step, its command (from the registry), the end of its output and the fix.
import { describe, expect, it } from 'vitest';
import type { AutopilotItem, AutopilotState } from '../../protocol/autopilot';
import type { StepId } from '../../protocol/ids';
import type { StepRegistry } from '../../protocol/steps';
import { describeFailure, itemLine } from '../../server/machine/generic/run-guide';

const install = {
  kind: 'step',
  index: 0,
  line: 27,
  title: 'Install Xen',
  summary: 'apt-get update && apt-get install -y xen-system-amd64',
  stepId: 'xen-install' as StepId,
  target: 'dom0',
  root: true,
  reboot: false,
  params: [],
} as const;

function state(items: AutopilotItem[], extra: Partial<AutopilotState> = {}): AutopilotState {
  return {
    autopilotId: 'autopilot-abcdefgh',
    chapter: 'xen',
    title: 'Xen in dom0',
    path: 'virtualbox',
    tabs: [],
    status: 'failed',
    items,
    current: 0,
    startedAt: 0,
    seq: 1,
    ...extra,
  };
}

const registry = {
  steps: [
    {
      id: 'xen-install',
      target: 'dom0',
      command: 'apt-get update && apt-get install -y xen-system-amd64',
      lang: 'sh',
      params: [],
      root: true,
      chapter: 'xen',
      at: { file: 'content/xen.mdx', line: 27 },
    },
  ],
  checks: [],
  chapters: [],
} as unknown as StepRegistry;

describe('the generic driver reports the autopilot', () => {
  it('says which step failed, its command, the end of its output, the fix and the command to go on', () => {
    const s = state([{ ...install, state: 'failed' }], {
      failure: {
        index: 0,
        reason: 'step xen-install failed: exit code 100',
        output: 'Reading package lists...\r\nE: Unable to locate package xen-system-amd64\r\n',
        fix: {
          summary: "Read the step's output.",
          commands: ['onramp guide run xen --from xen-install'],
          link: '/guide/xen',
        },
      },
    });
    const text = describeFailure(s, registry, 'onramp machine create --driver generic --ssh a@h spare');
    expect(text.split('\n')).toEqual([
      'chapter "Xen in dom0" stopped at step xen-install: step xen-install failed: exit code 100',
      'command (as root, from content/xen.mdx:27):',
      '  apt-get update && apt-get install -y xen-system-amd64',
      'output (its end):',
      '  Reading package lists...',
      '  E: Unable to locate package xen-system-amd64',
      "fix: Read the step's output.",
      'then run again (the steps already done are skipped): onramp machine create --driver generic --ssh a@h spare',
    ]);
  });

  it('prints a line when an item passes, is satisfied, fails or waits for a reboot', () => {
    const s = state([]);
    expect(itemLine(s, { ...install, state: 'satisfied', note: 'already done: xen-running passes (4.17.5)' })).toBe(
      'xen: xen-install: satisfied, skipped (already done: xen-running passes (4.17.5))',
    );
    expect(itemLine(s, { ...install, state: 'passed', startedAt: 1000, endedAt: 3500 })).toBe(
      'xen: xen-install: passed (2.5 s)',
    );
    expect(itemLine(s, { ...install, state: 'waiting', note: 'waiting for dom0 to come back' })).toBe(
      'xen: xen-install: waiting for dom0 to come back',
    );
    expect(itemLine(s, { ...install, state: 'running' })).toBeUndefined();
  });
});
