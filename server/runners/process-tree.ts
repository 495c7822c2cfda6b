// Who belongs to a running command: the pid, its descendants by parent pid, and members of its
// process group or session (orphans re-parented to init stay there). Pure over a table; thin /proc reader.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly sid: number;
  /** Kernel state letter: R, S, D, T, Z... (Z = zombie: already dead, waiting to be reaped). */
  readonly state: string;
  /** Start time in clock ticks since boot: tells a pid apart from a later process that reuses it. */
  readonly startTime: number;
}

/** Parse one `/proc/<pid>/stat` line; the command name may hold spaces and parentheses. */
export function parseProcStat(line: string): ProcessEntry | undefined {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(line.slice(0, open).trim());
  // Fields after the name start at field 3 (state); starttime is field 22.
  const rest = line.slice(close + 2).split(' ');
  const [state, ppid, pgid, sid] = [rest[0], Number(rest[1]), Number(rest[2]), Number(rest[3])];
  const startTime = Number(rest[19]);
  if (!state || ![pid, ppid, pgid, sid, startTime].every(Number.isInteger)) return undefined;
  return { pid, ppid, pgid, sid, state, startTime };
}

/**
 * Every live process that belongs to the tree rooted at `roots`: the roots, their descendants,
 * and anything in a root's process group or session (`groupOf`). Zombies are left out.
 */
export function treeMembers(
  table: readonly ProcessEntry[],
  roots: readonly number[],
  groupOf: readonly number[] = roots,
): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of table) {
    const list = children.get(entry.ppid) ?? [];
    list.push(entry);
    children.set(entry.ppid, list);
  }
  const groups = new Set(groupOf);
  const found = new Map<number, ProcessEntry>();
  const queue: number[] = [];
  for (const entry of table) {
    if (roots.includes(entry.pid) || groups.has(entry.pgid) || groups.has(entry.sid)) {
      found.set(entry.pid, entry);
      queue.push(entry.pid);
    }
  }
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      if (found.has(child.pid)) continue;
      found.set(child.pid, child);
      queue.push(child.pid);
    }
  }
  return [...found.values()].filter((e) => e.state !== 'Z');
}

/** A snapshot of every process on this machine from /proc (Linux). Vanished pids are skipped. */
export function readProcessTable(procDir = '/proc'): ProcessEntry[] {
  const table: ProcessEntry[] = [];
  for (const name of readdirSync(procDir)) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const entry = parseProcStat(readFileSync(`${procDir}/${name}/stat`, 'utf8'));
      if (entry) table.push(entry);
    } catch {
      // The process exited between readdir and read: it is no longer part of any tree.
    }
  }
  return table;
}
