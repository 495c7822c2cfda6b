// The generic driver never trusts a host key on first use: the key the machine offers must be in
// the user's known_hosts (or Onramp's), or match the fingerprint given with --host-key. Otherwise
// it refuses, showing the offered fingerprint and the exact command that confirms it.
import { Client } from 'ssh2';
import { hostKeyMessage, hostKeyVerdict, presentedKey, type HostKeyVerdict } from '../../ssh/host-key-verdict';
import { classifyConnectError } from '../../ssh/dom0-error';
import { keyTypeOf } from '../../ssh/known-hosts';
import { readKnownHosts, type KnownHostsPaths } from '../../ssh/known-hosts-store';
import type { Dom0Target } from '../../../protocol/socket-dom0';

/** `SHA256:` and 43 base64 characters, as `ssh-keygen -lf` prints a fingerprint. */
export const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

export type HostKeyDecision =
  /** Already known (known_hosts); `given`, if any, matched. */
  | { readonly kind: 'trusted' }
  /** Unknown, and --host-key names exactly the offered key: save it in Onramp's known_hosts. */
  | { readonly kind: 'accept' }
  | { readonly kind: 'refuse'; readonly message: string };

export interface HostKeyContext {
  readonly host: string;
  readonly port: number;
  /** Onramp's own known_hosts (named in messages). */
  readonly onrampFile: string;
  /** The create command with `--host-key FINGERPRINT` added, for the message. */
  readonly commandWith: (fingerprint: string) => string;
}

function confirmHow(algorithm: string): string {
  return `ssh-keygen -lf /etc/ssh/ssh_host_${algorithm.toLowerCase()}_key.pub`;
}

/** Decide on the offered key's verdict and the fingerprint the user gave (--host-key). Pure. */
export function hostKeyDecision(
  verdict: HostKeyVerdict,
  given: string | undefined,
  ctx: HostKeyContext,
): HostKeyDecision {
  if (verdict.kind === 'unreadable' || verdict.kind === 'changed' || verdict.kind === 'revoked')
    return { kind: 'refuse', message: hostKeyMessage(verdict, ctx.host, ctx.port, ctx.onrampFile) ?? verdict.kind };
  const offered = verdict.key;
  if (given !== undefined && given !== offered.fingerprint)
    return {
      kind: 'refuse',
      message:
        `the machine (${ctx.host}:${ctx.port}) offers the host key ${offered.algorithm} ${offered.fingerprint}, ` +
        `not the ${given} given with --host-key. Refusing to connect: someone may be in the way, or the fingerprint ` +
        `was copied from another key. On the machine's own console run \`${confirmHow(offered.algorithm)}\` and compare.`,
    };
  if (verdict.kind === 'known') return { kind: 'trusted' };
  if (given !== undefined) return { kind: 'accept' };
  return {
    kind: 'refuse',
    message:
      `the host key of the machine (${ctx.host}:${ctx.port}) is not known: it offers ${offered.algorithm} ${offered.fingerprint}. ` +
      `Onramp does not trust a key on first use. On the machine's own console (not over this network) run ` +
      `\`${confirmHow(offered.algorithm)}\`; if it prints the same fingerprint, confirm it with:\n  ${ctx.commandWith(offered.fingerprint)}\n` +
      `(or connect once with \`ssh -p ${ctx.port} ${ctx.host}\`, compare, and answer yes: the key is then in ~/.ssh/known_hosts).`,
  };
}

/** The OpenSSH public key line (`ssh-ed25519 AAAA...`) of a key blob. Pure. */
export function publicKeyLine(blob: Buffer): string {
  return `${keyTypeOf(blob)} ${blob.toString('base64')}`;
}

/**
 * The host key the machine offers: an SSH handshake that stops at key verification (no login is
 * tried, nothing is trusted). Rejects with a Dom0Error when the machine cannot be reached.
 */
export function offeredHostKey(target: Dom0Target, timeoutMs = 20_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let offered: Buffer | null = null;
    const done = (): void => {
      client.removeAllListeners();
      client.on('error', () => undefined);
      client.end();
    };
    client.on('error', (err) => {
      done();
      if (offered) resolve(offered);
      else reject(classifyConnectError(err, target, timeoutMs));
    });
    client.on('close', () => {
      done();
      if (offered) resolve(offered);
      else reject(classifyConnectError(new Error('the machine closed the connection'), target, timeoutMs));
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        offered = Buffer.from(key);
        // Refuse here: this handshake only reads the key.
        return false;
      },
    });
  });
}

/** Read the offered key and decide on it against the known_hosts files; the key comes back for the record. */
export async function checkHostKey(
  target: Dom0Target,
  paths: KnownHostsPaths,
  given: string | undefined,
  commandWith: (fingerprint: string) => string,
): Promise<{ readonly decision: HostKeyDecision; readonly blob: Buffer }> {
  const blob = await offeredHostKey(target);
  const verdict = hostKeyVerdict(await readKnownHosts(paths), target.host, target.port, blob);
  const decision = hostKeyDecision(verdict, given, {
    host: target.host,
    port: target.port,
    onrampFile: paths.onramp,
    commandWith,
  });
  return { decision, blob };
}

export { presentedKey };
