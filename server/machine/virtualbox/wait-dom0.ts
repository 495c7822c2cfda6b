// Wait for the VirtualBox dom0 to finish installing: follow the install marks on its serial
// log, and succeed when SSH (pinned host key) answers and Xen is running (`/proc/xen` and `xl info`).
import { readFile } from 'node:fs/promises';
import type { SshTarget } from '../driver';
import { opensshArgs } from '../openssh';
import type { Progress } from '../progress';
import { runTool } from '../run-tool';
import { MARK } from './cloud-init';

export interface Dom0Wait {
  readonly target: SshTarget;
  readonly serialLog: string;
  readonly alive: () => Promise<boolean>;
  readonly deadlineMs: number;
}

/** Install marks in the serial log, in order (`onramp-install: packages installed`...). */
export function installMarks(serial: string): string[] {
  return serial
    .split('\n')
    .filter((l) => l.includes(MARK))
    .map((l) => l.slice(l.indexOf(MARK) + MARK.length).trim())
    .filter(Boolean);
}

export async function waitForXenDom0(wait: Dom0Wait, progress: Progress): Promise<void> {
  const started = Date.now();
  let shown = 0;
  let last = '';
  while (Date.now() - started < wait.deadlineMs) {
    if (!(await wait.alive()))
      throw new Error(`the VM stopped before dom0 answered over SSH; see its serial log ${wait.serialLog}`);
    const marks = installMarks(await readFile(wait.serialLog, 'utf8').catch(() => ''));
    for (const mark of marks.slice(shown)) progress.phase(`install: ${mark}`);
    shown = Math.max(shown, marks.length);
    const result = await runTool(
      'ssh',
      opensshArgs(wait.target, ['test -d /proc/xen && xl info >/dev/null'], { connectTimeoutS: 5 }),
      { timeoutMs: 30_000 },
    );
    if (result.code === 0) return;
    last = result.stderr.trim().split('\n').pop() ?? `exit ${result.code}`;
    await new Promise((r) => setTimeout(r, 5000));
  }
  throw new Error(
    `dom0 did not come up under Xen within ${Math.round(wait.deadlineMs / 60000)} min (last SSH answer: ${last || 'none'}); see the serial log ${wait.serialLog}`,
  );
}
