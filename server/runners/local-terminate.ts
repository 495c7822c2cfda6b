// End a whole local process tree: SIGTERM to the group and every member, then SIGKILL whatever
// is still alive after a grace period, including members that ignore SIGTERM or called setsid.
import { readProcessTable, treeMembers, type ProcessEntry } from './process-tree';

export interface TerminateOptions {
  /** Time between SIGTERM and SIGKILL. */
  readonly graceMs?: number;
  /** Reads the process table (tests may pass a snapshot-producing function). */
  readonly readTable?: () => ProcessEntry[];
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone; EPERM: not ours to end (a sudo child ends with its parent).
  }
}

/** The members to signal now: the tree as it is, plus earlier members still alive (re-parented orphans). */
function currentMembers(
  rootPid: number,
  known: Map<number, ProcessEntry>,
  readTable: () => ProcessEntry[],
): ProcessEntry[] {
  const table = readTable();
  const alive = table.filter((e) => known.get(e.pid)?.startTime === e.startTime && e.state !== 'Z');
  const members = treeMembers(table, [rootPid, ...alive.map((e) => e.pid)], [rootPid]);
  for (const m of members) known.set(m.pid, m);
  return members;
}

/**
 * SIGTERM the tree rooted at `rootPid` (its process group, its descendants, setsid'ed ones too),
 * wait `graceMs`, then SIGKILL every member still alive. Resolves once the SIGKILLs are sent.
 */
export async function terminateTree(rootPid: number, opts: TerminateOptions = {}): Promise<void> {
  const { graceMs = 300, readTable = readProcessTable } = opts;
  const known = new Map<number, ProcessEntry>();
  const first = currentMembers(rootPid, known, readTable);
  send(-rootPid, 'SIGTERM');
  for (const m of first) send(m.pid, 'SIGTERM');
  // A process that does not stop on SIGTERM keeps running: a paused tree is continued so it can exit.
  for (const m of first) if (m.state === 'T') send(m.pid, 'SIGCONT');
  await new Promise((r) => setTimeout(r, graceMs));
  // Kill until no member is left; new children forked meanwhile are found on the next pass.
  for (let pass = 0; pass < 5; pass++) {
    const remaining = currentMembers(rootPid, known, readTable);
    send(-rootPid, 'SIGKILL');
    for (const m of remaining) send(m.pid, 'SIGKILL');
    if (remaining.length === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
