// Building verdicts: the guide links, and the could-not-run cases every check shares.
import type { Fix, Verdict } from '../../protocol/verdict';
import type { ExecOutput } from '../runners/types';
import { firstErrorLine } from './parsers/tool-lines';

/** Sections of content/troubleshooting.mdx (heading slugs) that fixes link to; a unit test keeps them in step. */
export const GUIDE_ANCHORS = [
  'host-unsupported',
  'apple-silicon',
  'arm-host',
  'check-timeout',
  'dom0-not-configured',
  'opam-missing',
  'opam-too-old',
  'opam-sandbox',
  'opam-not-initialised',
  'opam-no-switch',
  'ocaml-too-old',
  'mirage-not-found',
  'mirage-dev-build',
  'mirage-too-old',
  'hello-not-built',
  'make-depend-fails',
  'hello-unix-output',
  'virtualbox-missing',
  'vboxdrv',
  'kvm-holds-vt-x',
  'hyper-v-holds-vt-x',
  'virtualbox-too-old',
  'host-only-missing',
  'host-only-range',
  'host-only-clash',
  'host-only-dhcp',
  'dom0-vm-missing',
  'dom0-vm-not-running',
  'nested-virt',
  'dom0-vm-nic',
  'xen-missing',
  'xl-sudo',
  'xl-permission-denied',
  'xen-not-booted',
  'xen-too-old',
  'no-console-logs',
  'dom0-bridge',
  'hello-xen-not-built',
  'xl-vif-bridge',
  'unikernel-boot',
  'waiting-for-dhcp',
] as const;
export type GuideAnchor = (typeof GUIDE_ANCHORS)[number];

export function guideLink(anchor: GuideAnchor): string {
  return `/guide/troubleshooting#${anchor}`;
}

export function fix(summary: string, commands: readonly string[], anchor: GuideAnchor): Fix {
  return { summary, commands: [...commands], link: guideLink(anchor) };
}

export function passed(found: string, detail?: string): Verdict {
  return detail === undefined ? { status: 'passed', found } : { status: 'passed', found, detail };
}

export function failed(reason: string, found: string, expected: string, theFix: Fix): Verdict {
  return { status: 'failed', reason, found, expected, fix: theFix };
}

export function warning(reason: string, found: string, expected: string, theFix: Fix): Verdict {
  return { status: 'warning', reason, found, expected, fix: theFix };
}

/** The local runner's spawn error for a missing program ("command not found: opam ...", or node's ENOENT). */
export function isSpawnNotFound(error: string): boolean {
  return /ENOENT|^command not found:/.test(error);
}

/** The program is not installed (spawn ENOENT locally, exit 127 "not found" through a shell). */
export function isNotFound(out: ExecOutput): boolean {
  if (out.error !== undefined) return isSpawnNotFound(out.error);
  if (out.exitCode === 127 && /not found|No such file/i.test(out.stderr)) return true;
  // Through `sudo -n` (root commands in dom0) a missing program is sudo's exit 1.
  return out.exitCode === 1 && /^sudo: [^\n]*: command not found$/m.test(out.stderr);
}

export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('[WARNING]')) ?? ''
  );
}

/** What a command produced, in one line, for `found`: the first line carrying an error (banners skipped). */
export function describeOutput(out: ExecOutput): string {
  const text = firstErrorLine(out.stderr) || firstErrorLine(out.stdout);
  const status = out.exitCode === null ? 'no exit code' : `exit code ${out.exitCode}`;
  return text ? `${status}: ${text}` : status;
}

/**
 * An `error` verdict when the command could not run at all (timed out, cancelled, transport or
 * spawn failure other than "not installed"); undefined when it ran and its output can be judged.
 */
export function couldNotRun(out: ExecOutput, what: string): Verdict | undefined {
  if (out.timedOut) return { status: 'error', reason: `${what} did not finish in time (${out.message})` };
  if (out.canceled)
    return { status: 'error', reason: out.error ? `${what} did not run: ${out.error}` : `${what} was cancelled` };
  if (out.error !== undefined && !isSpawnNotFound(out.error))
    return { status: 'error', reason: `could not run ${what}: ${out.error}` };
  return undefined;
}
