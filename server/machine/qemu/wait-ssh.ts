// Wait until a booting machine answers SSH (a real login running `true`), or say why not.
import type { SshTarget } from '../driver';
import { opensshArgs } from '../openssh';
import { runTool } from '../run-tool';

export interface WaitSshOptions {
  readonly deadlineMs: number;
  /** False once the VM process is gone: stop waiting at once. */
  readonly alive: () => Promise<boolean>;
  /** Extra early-failure probe (e.g. a crash marker in the serial log); a string aborts with it. */
  readonly failure?: () => Promise<string | undefined>;
}

export type SshWait = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly reason: string };

export async function waitForSsh(target: SshTarget, opts: WaitSshOptions): Promise<SshWait> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < opts.deadlineMs) {
    if (!(await opts.alive())) return { ok: false, reason: 'the QEMU process exited' };
    const failure = await opts.failure?.();
    if (failure) return { ok: false, reason: failure };
    const result = await runTool('ssh', opensshArgs(target, ['true'], { connectTimeoutS: 5 }), { timeoutMs: 20_000 });
    if (result.code === 0) return { ok: true, ms: Date.now() - started };
    last = result.stderr.trim().split('\n').pop() ?? '';
    await new Promise((r) => setTimeout(r, 1000));
  }
  return {
    ok: false,
    reason: `no SSH login within ${Math.round(opts.deadlineMs / 1000)} s (last ssh error: ${last || 'none'})`,
  };
}
