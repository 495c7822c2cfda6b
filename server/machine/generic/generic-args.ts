// `onramp machine create --driver generic --ssh USER@HOST[:PORT] [--identity KEY] [--host-key SHA256:...]
// [--param name=value ...] NAME`: the options, checked before anything connects. Pure.
import { parseTargetSpec, targetFromSpec, type Dom0Target } from '../../config/dom0-target';
import { machineNameProblem } from '../record';
import { err, ok, type Result } from '../../../protocol/result';
import { FINGERPRINT } from './host-key';

export interface GenericCreateOptions {
  readonly ssh?: string | undefined;
  readonly identity?: string | undefined;
  readonly hostKey?: string | undefined;
  /** `name=value` for the guide's step parameters (e.g. nic=enp0s8). */
  readonly param?: readonly string[] | undefined;
  /** Options of other drivers, refused here. */
  readonly recipe?: string | undefined;
  readonly hostonlyIp?: string | undefined;
}

export interface GenericCreateRequest {
  readonly name: string;
  readonly target: Dom0Target;
  readonly hostKey?: string;
  readonly params: Readonly<Record<string, string>>;
}

export const GENERIC_USAGE =
  'onramp machine create --driver generic --ssh USER@HOST[:PORT] [--identity KEY] [--host-key SHA256:...] [--param name=value ...] NAME';

/** `name=value` pairs (the value may hold `=`), each name once. Pure. */
export function parseParamPairs(pairs: readonly string[]): Result<Record<string, string>> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq) : '';
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(name))
      return err(
        `--param "${pair}" is not name=value (a name is lowercase letters, digits and _), e.g. --param nic=enp0s8`,
      );
    if (Object.hasOwn(params, name)) return err(`--param ${name} is given twice; give each parameter once`);
    params[name] = pair.slice(eq + 1);
  }
  return ok(params);
}

/**
 * Check the generic driver's options: a machine name, an SSH target (`~/.ssh/config` applied, as
 * `ssh` would), a fingerprint in `ssh-keygen -lf` form. `env` decides agent or password login
 * when no key is given.
 */
export function parseGenericCreate(
  name: string,
  opts: GenericCreateOptions,
  sshConfigText: string,
  env: Readonly<Record<string, string | undefined>>,
  home?: string,
): Result<GenericCreateRequest> {
  const problem = machineNameProblem(name);
  if (problem) return err(problem);
  if (opts.recipe !== undefined)
    return err('--recipe is for the qemu driver; the generic driver uses the machine as it is');
  if (opts.hostonlyIp !== undefined) return err('--hostonly-ip is for the virtualbox driver');
  if (opts.ssh === undefined) return err(`the generic driver needs the machine's SSH address: ${GENERIC_USAGE}`);
  const spec = parseTargetSpec(opts.ssh, sshConfigText, home);
  if (!spec.ok) return err(`--ssh ${spec.error}`);
  if (spec.value.proxyJump !== undefined)
    return err(
      `--ssh ${opts.ssh}: ~/.ssh/config reaches it through ProxyJump ${spec.value.proxyJump}; the generic driver connects directly (reboots are waited for on that address): give the machine's own address`,
    );
  if (opts.hostKey !== undefined && !FINGERPRINT.test(opts.hostKey))
    return err(
      `--host-key "${opts.hostKey}" is not a fingerprint: expected SHA256: and 43 characters, as \`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\` prints it on the machine`,
    );
  const params = parseParamPairs(opts.param ?? []);
  if (!params.ok) return params;
  const target = targetFromSpec(spec.value, opts.identity, env);
  if (target.auth.kind === 'password')
    return err(
      `--ssh ${opts.ssh}: no key to log in with: pass --identity KEY (a key the machine's ~/.ssh/authorized_keys holds), or load one into ssh-agent (\`ssh-add\`)`,
    );
  return ok({
    name,
    target,
    params: params.value,
    ...(opts.hostKey !== undefined ? { hostKey: opts.hostKey } : {}),
  });
}
