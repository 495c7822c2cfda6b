// `onramp machine create --driver generic --ssh USER@HOST[:PORT] ...`: the CLI around
// create-generic.ts: options, the terminal's secret prompts, the machine store and dom0 registration.
import { mkdir, rm } from 'node:fs/promises';
import { readSshConfigText } from '../config/dom0-target';
import { createGenericMachine } from '../machine/generic/create-generic';
import { parseGenericCreate, type GenericCreateOptions } from '../machine/generic/generic-args';
import { genericSshTarget } from '../machine/generic/generic-driver';
import type { Progress } from '../machine/progress';
import { registerAsDom0, type Registration } from '../machine/register-dom0';
import { findMachine, machineDir, putMachine, storePath } from '../machine/store';
import { shellQuote } from '../ssh/remote-command';
import { ttySecretAsker } from './tty-secret';
import { contentDirs } from '../../lib/content/content-dirs';
import { autopilotGuideRunner, planGenericGuide } from '../machine/generic/run-guide';
import { loadRegistryInChild } from '../steps/load-registry';

/** The same create command with `--host-key FINGERPRINT`, as the user would type it. Pure. */
export function createCommandWith(name: string, opts: GenericCreateOptions, fingerprint = opts.hostKey): string {
  return [
    'onramp machine create --driver generic',
    `--ssh ${shellQuote(opts.ssh ?? '')}`,
    ...(opts.identity !== undefined ? [`--identity ${shellQuote(opts.identity)}`] : []),
    ...(fingerprint !== undefined ? [`--host-key ${fingerprint}`] : []),
    ...(opts.param ?? []).map((p) => `--param ${shellQuote(p)}`),
    shellQuote(name),
  ].join(' ');
}

export interface GenericCreateReport {
  readonly sshLabel: string;
  readonly registration: Registration;
}

/** Create (or finish, or re-check) a generic machine; returns what to report. Throws with the whole story. */
export async function createGenericCli(
  name: string,
  opts: GenericCreateOptions,
  progress: Progress,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GenericCreateReport> {
  const parsed = parseGenericCreate(name, opts, await readSshConfigText(), env);
  if (!parsed.ok) throw new Error(parsed.error);
  const req = parsed.value;
  const registry = await loadRegistryInChild(contentDirs());
  const guide = planGenericGuide(registry, req.params);
  if (!guide.ok) throw new Error(guide.error);
  const existing = await findMachine(name, storePath(env));
  if (existing && existing.driver !== 'generic')
    throw new Error(
      `machine "${name}" already exists (driver ${existing.driver}); choose another name, or remove it first: onramp machine rm ${name}`,
    );
  if (
    existing &&
    (existing.sshHost !== req.target.host ||
      existing.sshPort !== req.target.port ||
      existing.sshUser !== req.target.user)
  )
    throw new Error(
      `machine "${name}" is ${existing.sshUser}@${existing.sshHost ?? '?'}:${existing.sshPort}, not ${req.target.user}@${req.target.host}:${req.target.port}; ` +
        `choose another name, or forget it first: onramp machine rm ${name} (the machine itself is left as it is)`,
    );
  const dir = machineDir(name, env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let made;
  try {
    made = await createGenericMachine(req, dir, {
      env,
      progress,
      askSecret: ttySecretAsker(),
      runGuide: autopilotGuideRunner(createCommandWith(name, opts)),
      registry,
      guide: guide.value,
      commandWith: (fingerprint) => createCommandWith(name, opts, fingerprint),
    });
  } catch (err) {
    // A machine never made leaves no directory behind; a known one keeps its files.
    if (!existing) await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const record = existing ? { ...made, createdAt: existing.createdAt } : made;
  await putMachine(record, storePath(env));
  const target = genericSshTarget(record);
  const registration = await registerAsDom0(record, target, env);
  return { sshLabel: `${target.user}@${target.host}:${target.port}`, registration };
}
