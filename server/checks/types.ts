// A check: commands that gather facts on one target, and a pure decision over their output.
import type { Verdict } from '../../protocol/verdict';
import type { KnownCheckId } from '../../protocol/check-catalog';
import type { ExecOutput, ExecRequest } from '../runners/types';

/** Where the reader's things are; defaults follow the guide (see DEFAULT_CHECK_SETTINGS). */
export interface CheckSettings {
  /** The hello project on the host: its binary is `<helloDir>/dist/hello`. */
  readonly helloDir: string;
  /** The VirtualBox VM that runs dom0. */
  readonly dom0Vm: string;
  /** The host-only adapter or network meant for dom0; undefined = vboxnet0, else the only one. */
  readonly hostOnlyNetwork: string | undefined;
  /** The unikernel's .xl file in dom0 (relative paths start at the SSH login directory). */
  readonly xlFile: string;
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = {
  helloDir: '~/mirage-skeleton/tutorial/hello',
  dom0Vm: 'dom0',
  hostOnlyNetwork: undefined,
  xlFile: 'mirage-skeleton/tutorial/hello/dist/hello.xl',
};

export interface CheckContext {
  /** The target's runner, bounded by the check's deadline and cancelled with it. */
  exec(req: ExecRequest): Promise<ExecOutput>;
  readonly settings: CheckSettings;
  /** The host's `process.platform` (linux, darwin, win32): host checks pick their commands by it. */
  readonly hostPlatform: string;
  /**
   * Say what the check is waiting for now ("xl create -c hello.xl"): a check that overruns its
   * deadline names it, with how long it had been waiting, in its verdict.
   */
  waitingFor(what: string): void;
  /** 1, or 2 when the first attempt lost its connection to the target and the check runs again. */
  readonly attempt: 1 | 2;
  /**
   * The check needs up to `ms` more from now (a deadline it derived from a measurement, e.g. the
   * boot's from dom0's speed): the attempt's deadline moves out to now + ms if that is later.
   * Never shortens it.
   */
  needs(ms: number): void;
}

export interface CheckDefinition {
  readonly id: KnownCheckId;
  /** Deadline for the whole check; the engine's default (10 s) when absent. */
  readonly timeoutMs?: number;
  run(ctx: CheckContext): Promise<Verdict>;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;
