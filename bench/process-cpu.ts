// CPU seconds used by processes (utime + stime from /proc), for judging throughput figures on a
// shared machine: the server, and the browser's processes found as descendants of this one.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  readonly cpuSeconds: number;
}

function statOf(path: string): ProcStat | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    const pid = Number(text.slice(0, text.indexOf(' ')));
    return {
      pid,
      ppid: Number(fields[1]),
      comm,
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

export function cpuSeconds(pid: number): number {
  return statOf(`/proc/${pid}/stat`)?.cpuSeconds ?? 0;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Processes descending from `root`, keyed by pid. */
function descendants(root: number): ProcStat[] {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => statOf(`/proc/${d}/stat`))
    .filter((s): s is ProcStat => s !== undefined);
  const found = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of all)
      if (!found.has(s.pid) && found.has(s.ppid)) {
        found.add(s.pid);
        grew = true;
      }
  }
  return all.filter((s) => s.pid !== root && found.has(s.pid));
}

export interface BrowserCpu {
  /** CPU seconds of all renderer processes. */
  readonly renderers: number;
  /** CPU seconds of the renderers' main threads (thread id = process id): where xterm parses and draws. */
  readonly rendererMain: number;
  /** CPU seconds of every other browser process (browser, GPU, network...). */
  readonly others: number;
}

/** CPU used so far by the Chromium processes started under this process (excluding `exclude`). */
export function browserCpu(exclude: readonly number[]): BrowserCpu {
  let renderers = 0;
  let rendererMain = 0;
  let others = 0;
  for (const p of descendants(process.pid)) {
    if (exclude.includes(p.pid)) continue;
    const cmd = cmdline(p.pid);
    if (!cmd.includes('chromium')) continue;
    if (cmd.includes('--type=renderer')) {
      renderers += p.cpuSeconds;
      for (const tid of safeList(`/proc/${p.pid}/task`)) {
        const t = statOf(`/proc/${p.pid}/task/${tid}/stat`);
        if (t?.pid === p.pid) rendererMain += t.cpuSeconds;
      }
    } else others += p.cpuSeconds;
  }
  return { renderers, rendererMain, others };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
