// The only part of `onramp machine create --driver qemu` that needs root: the image build's
// scripts (debootstrap, chroot, mkfs.ext4 -d over root-owned files, apt into a private dir). For a
// normal user each script runs through sudo inside lab/run-owned.sh, which hands what it wrote to
// the user; everything else (QEMU, the overlay disk, the store record, the dom0 registration)
// runs as the user. sudo asks for its password itself on the terminal: in Onramp's step panel
// that terminal is the step's, whose SUDO_PROMPT lets the server recognise and answer the
// question in place (sudo-host.ts); in a terminal, the reader answers it with echo off.
import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Result } from '../../../protocol/result';
import { findTool } from './host-facts';
import { LAB_DIR } from './image-recipe';
import { mustRun } from '../run-tool';

/** One build script to run as root, and the file or folder it writes. */
export interface RootBuildStep {
  readonly script: string;
  readonly args: readonly string[];
  /** What the script writes: handed to the user afterwards. */
  readonly output: string;
}

/** Runs a build step as root; `onLine` gets each stdout line ("phase: ..."). Throws with the script's stderr tail. */
export type RootBuild = (step: RootBuildStep, onLine: (line: string) => void) => Promise<void>;

/** What decides how a build step gets root. */
export interface RootFacts {
  readonly uid: number;
  readonly gid: number;
  /** sudo is on PATH (or in an sbin dir). */
  readonly sudoFound: boolean;
  /** `sudo -n true` succeeded: password-less sudo, or a credential sudo still holds. */
  readonly sudoWithoutPassword: boolean;
  /** /dev/tty opens: sudo has a terminal to ask for its password on. */
  readonly terminal: boolean;
}

/** `direct`: already root. `sudo`: through sudo; `interactive` when sudo may ask on the terminal. */
export type RootVia = { readonly kind: 'direct' } | { readonly kind: 'sudo'; readonly interactive: boolean };

/** How this process gets root for the image build, or why it cannot (found, expected, fix). Pure. */
export function rootVia(f: RootFacts): Result<RootVia> {
  if (f.uid === 0) return { ok: true, value: { kind: 'direct' } };
  if (!f.sudoFound)
    return {
      ok: false,
      error: `building the lab image runs debootstrap and chroot as root, through sudo, but sudo is not installed (this runs as uid ${f.uid}); as root: apt-get install -y sudo && adduser YOUR_USER sudo, then log in again`,
    };
  if (f.sudoWithoutPassword) return { ok: true, value: { kind: 'sudo', interactive: false } };
  if (f.terminal) return { ok: true, value: { kind: 'sudo', interactive: true } };
  return {
    ok: false,
    error:
      'building the lab image needs root through sudo, sudo wants a password, and there is no terminal to ask it on; ' +
      'run `onramp machine create --driver qemu NAME` in a terminal, or from the "Create the lab machine" step in Onramp (it asks in the step)',
  };
}

/** The wrapper that runs a script as root and chowns its output to the user. */
export const RUN_OWNED = join(LAB_DIR, 'run-owned.sh');

/**
 * The command for one build step: the script itself when root; else `sudo [-n] -- run-owned.sh
 * UID:GID OUTPUT SCRIPT ARGS...` (argv, no shell; no password anywhere in it). Pure.
 */
export function rootBuildCommand(
  step: RootBuildStep,
  via: RootVia,
  owner: { readonly uid: number; readonly gid: number },
): { readonly command: string; readonly args: readonly string[] } {
  if (via.kind === 'direct') return { command: step.script, args: step.args };
  return {
    command: 'sudo',
    args: [
      ...(via.interactive ? [] : ['-n']),
      '--',
      RUN_OWNED,
      `${owner.uid}:${owner.gid}`,
      step.output,
      step.script,
      ...step.args,
    ],
  };
}

function sudoNoPassword(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('sudo', ['-n', 'true'], { timeout: 10_000 }, (err) => resolve(err === null));
  });
}

async function terminalOpens(): Promise<boolean> {
  try {
    await (await open('/dev/tty', 'r')).close();
    return true;
  } catch {
    return false;
  }
}

/** The facts rootVia decides on, gathered from this process and host. */
export async function gatherRootFacts(env: NodeJS.ProcessEnv = process.env): Promise<RootFacts> {
  const uid = process.getuid?.() ?? 0;
  const sudoFound = uid !== 0 && (await findTool('sudo', env)) !== undefined;
  return {
    uid,
    gid: process.getgid?.() ?? 0,
    sudoFound,
    sudoWithoutPassword: sudoFound && (await sudoNoPassword()),
    terminal: await terminalOpens(),
  };
}

/**
 * The real RootBuild: decides once, at the first build step (a cached image needs no root), then
 * runs each step; under an interactive sudo with its stderr on this process's own (sudo's "Sorry,
 * try again." reaches the terminal before its next prompt). Throws rootVia's reason when there is
 * no way to root, or the step's exit status.
 */
export function realRootBuild(env: NodeJS.ProcessEnv = process.env): RootBuild {
  let decided: Promise<{ via: RootVia; facts: RootFacts }> | undefined;
  return async (step, onLine) => {
    decided ??= gatherRootFacts(env).then((facts) => {
      const via = rootVia(facts);
      if (!via.ok) throw new Error(via.error);
      return { via: via.value, facts };
    });
    const { via, facts } = await decided;
    const { command, args } = rootBuildCommand(step, via, facts);
    // Only an interactive sudo needs the terminal; otherwise the error carries the stderr tail.
    await mustRun(command, args, { onLine, inheritStderr: via.kind === 'sudo' && via.interactive });
  };
}
