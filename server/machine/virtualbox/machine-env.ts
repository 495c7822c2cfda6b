// `onramp machine env NAME`: shell exports describing a machine (docker-machine's `env`), for
// scripts: its SSH address and key and, for VirtualBox, its host-only network plan.
import type { SshTarget } from '../driver';
import type { MachineRecord } from '../record';
import type { VboxState } from './vbox-state';

/** POSIX single-quoting: the value cannot break out of its quotes. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function machineEnv(
  record: MachineRecord,
  target: SshTarget,
  state: VboxState | undefined,
): Array<[string, string]> {
  const vars: Array<[string, string | undefined]> = [
    ['ONRAMP_MACHINE', record.name],
    ['ONRAMP_MACHINE_DRIVER', record.driver],
    ['ONRAMP_DOM0_SSH', `${target.user}@${target.host}:${target.port}`],
    ['ONRAMP_DOM0_SSH_KEY', target.identityFile === '' ? undefined : target.identityFile],
    ['ONRAMP_DOM0_KNOWN_HOSTS', target.knownHostsFile],
    ['ONRAMP_VBOX_VM', state?.vmName],
    ['ONRAMP_HOSTONLY_ADAPTER', state?.adapter],
    [
      'ONRAMP_HOSTONLY_HOST_IP',
      state?.hostIp && state.prefix !== undefined ? `${state.hostIp}/${state.prefix}` : undefined,
    ],
    ['ONRAMP_DOM0_BRIDGE_IP', state?.dom0Ip],
  ];
  return vars.filter((v): v is [string, string] => v[1] !== undefined);
}

export function formatEnv(vars: ReadonlyArray<readonly [string, string]>): string {
  return vars.map(([k, v]) => `export ${k}=${shellQuote(v)}`).join('\n');
}
