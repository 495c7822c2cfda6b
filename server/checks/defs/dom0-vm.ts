// dom0-vm-*: the VirtualBox VM that runs dom0 exists, runs, has nested VT-x and a host-only NIC 2.
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckContext, CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, fix, passed } from '../outcome';
import { shellWord } from '../shell-command';
import { parseVmList } from '../parsers/vbox-lists';
import { parseShowVmInfo, vmNic } from '../parsers/vbox-vminfo';

export function decideVmExists(list: ExecOutput, vmName: string): Verdict {
  const cannot = couldNotRun(list, 'VBoxManage list vms');
  if (cannot) return cannot;
  const expected = `a VirtualBox VM named "${vmName}"`;
  if (list.exitCode !== 0)
    return failed(
      'VBoxManage list vms failed',
      describeOutput(list),
      expected,
      fix('Run the command yourself to see the full error.', ['VBoxManage list vms'], 'dom0-vm-missing'),
    );
  const vms = parseVmList(list.stdout);
  const vm = vms.find((v) => v.name === vmName);
  if (!vm) {
    return failed(
      `no VirtualBox VM is named "${vmName}"`,
      vms.length ? `VMs: ${vms.map((v) => `"${v.name}"`).join(', ')}` : 'no VMs',
      expected,
      fix(
        'Create the dom0 VM (chapter "dom0 VM"), or tell Onramp the name of yours with --vm NAME.',
        ['VBoxManage list vms'],
        'dom0-vm-missing',
      ),
    );
  }
  return passed(`"${vm.name}" {${vm.uuid}}`);
}

/** `showvminfo --machinereadable` output, or the verdict for why it could not be read. */
export function vmInfoOrVerdict(info: ExecOutput, vmName: string): ReadonlyMap<string, string> | Verdict {
  const cannot = couldNotRun(info, 'VBoxManage showvminfo');
  if (cannot) return cannot;
  if (info.exitCode !== 0)
    return failed(
      `VBoxManage showvminfo ${vmName} failed`,
      describeOutput(info),
      `details of the VM "${vmName}"`,
      fix(
        'Run the command yourself to see the full error.',
        [`VBoxManage showvminfo ${shellWord(vmName)}`],
        'dom0-vm-missing',
      ),
    );
  return parseShowVmInfo(info.stdout);
}

export function decideVmRunning(info: ExecOutput, vmName: string): Verdict {
  const parsed = vmInfoOrVerdict(info, vmName);
  if ('status' in parsed) return parsed;
  const state = parsed.get('VMState') ?? 'unknown';
  if (state !== 'running') {
    return failed(
      `the VM "${vmName}" is ${state}, not running`,
      `VMState=${state}`,
      'VMState=running',
      fix(
        'Start the VM (headless is enough: Onramp talks to it over SSH).',
        [`VBoxManage startvm ${shellWord(vmName)} --type headless`],
        'dom0-vm-not-running',
      ),
    );
  }
  return passed('VMState=running');
}

export function decideVmNested(info: ExecOutput, vmName: string): Verdict {
  const parsed = vmInfoOrVerdict(info, vmName);
  if ('status' in parsed) return parsed;
  const nested = parsed.get('nested-hw-virt');
  if (nested === 'on') return passed('nested-hw-virt="on"');
  return failed(
    `nested VT-x/AMD-V is ${nested === undefined ? 'not available' : 'off'} for "${vmName}": without it Xen in the VM has no HVM support, and Mirage 4's PVH unikernels cannot boot`,
    nested === undefined ? 'no nested-hw-virt setting (VirtualBox older than 6.0?)' : `nested-hw-virt="${nested}"`,
    'nested-hw-virt="on"',
    fix(
      'Power the VM off, turn nested VT-x/AMD-V on, start it again.',
      [
        `VBoxManage controlvm ${shellWord(vmName)} acpipowerbutton`,
        `VBoxManage modifyvm ${shellWord(vmName)} --nested-hw-virt on`,
        `VBoxManage startvm ${shellWord(vmName)} --type headless`,
      ],
      'nested-virt',
    ),
  );
}

export function decideVmNic(info: ExecOutput, vmName: string): Verdict {
  const parsed = vmInfoOrVerdict(info, vmName);
  if ('status' in parsed) return parsed;
  const nic = vmNic(parsed, 2);
  const expected = 'NIC 2 host-only (or host-only network), promiscuous mode allow-all';
  const found = `nic2="${nic.mode}"${nic.network ? ` on ${nic.network}` : ''}, nicpromisc2="${nic.promisc ?? 'unset'}"`;
  if (nic.mode !== 'hostonly' && nic.mode !== 'hostonlynetwork') {
    return failed(
      `NIC 2 of "${vmName}" is ${nic.mode}, not host-only: dom0 and the unikernels would not be reachable from this computer`,
      found,
      expected,
      fix(
        'Power the VM off and attach NIC 2 to the host-only network.',
        [
          `VBoxManage modifyvm ${shellWord(vmName)} --nic2 hostonly --hostonlyadapter2 vboxnet0 --nicpromisc2 allow-all`,
        ],
        'dom0-vm-nic',
      ),
    );
  }
  if (nic.promisc !== 'allow-all') {
    return failed(
      `promiscuous mode of NIC 2 of "${vmName}" is ${nic.promisc ?? 'unset'}: the bridge in dom0 cannot pass the unikernels' traffic`,
      found,
      expected,
      fix(
        'Allow all promiscuous traffic on NIC 2 (works while the VM runs).',
        [
          `VBoxManage controlvm ${shellWord(vmName)} nicpromisc2 allow-all`,
          `VBoxManage modifyvm ${shellWord(vmName)} --nicpromisc2 allow-all`,
        ],
        'dom0-vm-nic',
      ),
    );
  }
  return passed(found);
}

async function showVmInfo(ctx: CheckContext): Promise<ExecOutput> {
  return ctx.exec({ argv: ['VBoxManage', 'showvminfo', ctx.settings.dom0Vm, '--machinereadable'] });
}

export const dom0VmExists: CheckDefinition = {
  id: 'dom0-vm-exists',
  async run(ctx) {
    return decideVmExists(await ctx.exec({ argv: ['VBoxManage', 'list', 'vms'] }), ctx.settings.dom0Vm);
  },
};
export const dom0VmRunning: CheckDefinition = {
  id: 'dom0-vm-running',
  run: async (ctx) => decideVmRunning(await showVmInfo(ctx), ctx.settings.dom0Vm),
};
export const dom0VmNested: CheckDefinition = {
  id: 'dom0-vm-nested',
  run: async (ctx) => decideVmNested(await showVmInfo(ctx), ctx.settings.dom0Vm),
};
export const dom0VmNic: CheckDefinition = {
  id: 'dom0-vm-nic',
  run: async (ctx) => decideVmNic(await showVmInfo(ctx), ctx.settings.dom0Vm),
};
