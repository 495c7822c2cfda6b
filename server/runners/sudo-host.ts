// Root on this machine for a server run by a normal user: `sudo -n` first (password-less sudo
// needs no prompt); otherwise `sudo -S -p <Onramp's prompt>` on the step's terminal, answered
// from the password held in memory or by the reader (sudo-pty.ts).
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { newSudoPrompt } from './sudo-prompt';
import { answerSudoPrompts, type SudoAnswering } from './sudo-pty';
import type { ExpiringSecrets } from './sudo-secrets';
import type { ExecRequest, PtyOptions, PtyProcess } from './types';

/** The key of this machine's sudo password in the secret store. */
export const HOST_SUDO_KEY = 'host|sudo-password';

/** How long `sudo -n true` may take before we count it as "needs a password". */
const PROBE_TIMEOUT_MS = 10_000;

/** True when `sudo -n true` succeeds: sudo needs no password now (NOPASSWD, or a live timestamp). */
export function sudoWithoutPassword(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('sudo', ['-n', 'true'], { timeout: PROBE_TIMEOUT_MS }, (err) => resolve(err === null));
  });
}

/** argv for a root run that reads the password on stdin; the environment goes through `env` (sudo resets it). */
export function sudoStdinArgv(
  argv: readonly string[],
  env: Readonly<Record<string, string>> = {},
  prompt: string,
): string[] {
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return ['sudo', '-S', '-p', prompt, '--', 'env', ...assignments, ...argv];
}

/** The warning `onramp serve` prints when started as root (uid 0), or null. */
export function rootServeWarning(uid: number | undefined): string | null {
  if (uid !== 0) return null;
  return (
    'warning: running as root. Every step then runs as root, including those meant for your own user ' +
    '(opam refuses to set up ~/.opam as root, and the hello build would belong to root). ' +
    'Stop it and start Onramp as your normal user: steps that need root ask for your sudo password.'
  );
}

/** "sudo password for alice on this computer". */
export function hostSudoLabel(user: string = userInfo().username): string {
  return `sudo password for ${user} on this computer`;
}

export type SpawnPty = (req: ExecRequest, opts: PtyOptions) => Promise<PtyProcess>;

/**
 * Start a root terminal run for a non-root server. `spawn` is the plain local pty spawner
 * (which turns `root` into `sudo -n`); the password path gives it the sudo argv with root off.
 */
export async function spawnHostRootPty(
  req: ExecRequest,
  opts: PtyOptions,
  secrets: ExpiringSecrets,
  spawn: SpawnPty,
): Promise<PtyProcess> {
  if ((process.getuid?.() ?? 0) === 0) return spawn(req, opts);
  if (!req.root)
    return req.askSecret === undefined ? spawn(req, opts) : spawnAnsweringInnerSudo(req, opts, secrets, spawn);
  // Nobody to ask and nothing held: `sudo -n`, which fails with sudo's own "a password is required".
  if (req.askSecret === undefined && secrets.get(HOST_SUDO_KEY) === undefined) return spawn(req, opts);
  if (await sudoWithoutPassword()) return spawn(req, opts);
  const prompt = newSudoPrompt();
  const proc = await spawn({ ...req, argv: sudoStdinArgv(req.argv, req.env, prompt), root: false }, opts);
  return answerSudoPrompts(proc, hostAnswering(prompt, 'root-step', secrets, req));
}

/**
 * A step run as the user whose command may itself run `sudo` (`onramp machine create --driver
 * qemu` building its image): SUDO_PROMPT, which sudo takes as its default prompt, makes sudo ask
 * on the step's terminal with Onramp's prompt, answered in place like a root step's.
 */
async function spawnAnsweringInnerSudo(
  req: ExecRequest,
  opts: PtyOptions,
  secrets: ExpiringSecrets,
  spawn: SpawnPty,
): Promise<PtyProcess> {
  const prompt = newSudoPrompt();
  const proc = await spawn({ ...req, env: { ...req.env, [INNER_SUDO_PROMPT_VAR]: prompt } }, opts);
  return answerSudoPrompts(proc, hostAnswering(prompt, 'inner-sudo', secrets, req));
}

/** sudo's default prompt when no -p is given (sudo(8), ENVIRONMENT). */
export const INNER_SUDO_PROMPT_VAR = 'SUDO_PROMPT';

function hostAnswering(
  prompt: string,
  why: NonNullable<SudoAnswering['why']>,
  secrets: ExpiringSecrets,
  req: ExecRequest,
): SudoAnswering {
  return {
    prompt,
    why,
    target: 'host',
    label: hostSudoLabel(),
    stored: () => secrets.get(HOST_SUDO_KEY),
    store: (pw) => secrets.set(HOST_SUDO_KEY, pw),
    forget: () => void secrets.delete(HOST_SUDO_KEY),
    ask: req.askSecret,
  };
}
