// The pure half of cancel: parsing /proc/<pid>/stat and finding every member of a command's tree.
import { describe, expect, it } from 'vitest';
import { parseProcStat, treeMembers, type ProcessEntry } from '../../server/runners/process-tree';

// Captured on Linux 6.x: a program whose name holds spaces and parentheses, a bash, and pid 1.
const WEIRD_NAME =
  '18981 (we (ir) d) S 18980 18977 3837 0 -1 4194304 137 0 0 0 0 0 0 0 20 0 1 0 69993 2990080 418 18446744073709551615 94818959208448 94818959226377 140733495573632 0 0 0 0 6 0 1 0 0 17 0 0 0 0 0 0 94818959240464 94818959241728 94819319148544 140733495577313 140733495577330 140733495577330 140733495578601 0';
const BASH =
  '3837 (bash) S 3794 3837 3837 0 -1 4194560 7708 320760 0 20 2 3 1296 159 20 0 1 0 44892 5353472 1022 18446744073709551615 94601271750656 94601272540061 140728979613696 0 0 0 65536 4 1132560123 1 0 0 17 1 0 0 0 0 0 94601272773360 94601272821604 94601799696384 140728979618685 140728979618700 140728979618700 140728979619818 0';

describe('parseProcStat', () => {
  it('reads pid, ppid, group, session, state and start time past a name with spaces and parentheses', () => {
    expect(parseProcStat(WEIRD_NAME)).toEqual({
      pid: 18981,
      ppid: 18980,
      pgid: 18977,
      sid: 3837,
      state: 'S',
      startTime: 69993,
    });
    expect(parseProcStat(BASH)).toEqual({ pid: 3837, ppid: 3794, pgid: 3837, sid: 3837, state: 'S', startTime: 44892 });
  });

  it('refuses a truncated line', () => {
    expect(parseProcStat('123 (sh')).toBeUndefined();
    expect(parseProcStat('123 (sh) S 1 2')).toBeUndefined();
  });
});

const p = (pid: number, ppid: number, pgid = pid, sid = pgid, state = 'S'): ProcessEntry => ({
  pid,
  ppid,
  pgid,
  sid,
  state,
  startTime: pid * 10,
});

describe('treeMembers', () => {
  // 100 = the terminal's shell (session and group leader); 101 child; 102 grandchild;
  // 103 a setsid child of 101 (own session); 104 its child; 200 an orphan of the same group
  // re-parented to init; 300/301 unrelated; 105 a zombie child.
  const table = [
    p(1, 0, 0, 0),
    p(100, 1),
    p(101, 100, 100, 100),
    p(102, 101, 100, 100),
    p(103, 101, 103, 103),
    p(104, 103, 103, 103),
    p(200, 1, 100, 100),
    p(300, 1),
    p(301, 300, 300, 300),
    p(105, 100, 100, 100, 'Z'),
  ];

  it('finds descendants by parent pid, setsid ones included, and orphans left in the group', () => {
    const pids = treeMembers(table, [100])
      .map((e) => e.pid)
      .sort((a, b) => a - b);
    expect(pids).toEqual([100, 101, 102, 103, 104, 200]);
  });

  it('leaves out zombies and unrelated processes', () => {
    const pids = treeMembers(table, [100]).map((e) => e.pid);
    expect(pids).not.toContain(105);
    expect(pids).not.toContain(300);
    expect(pids).not.toContain(1);
  });

  it('follows extra roots (members remembered from before their parent died)', () => {
    const orphaned = table
      .filter((e) => e.pid !== 100 && e.pid !== 101)
      .map((e) => (e.pid === 102 || e.pid === 103 ? { ...e, ppid: 1 } : e));
    const pids = treeMembers(orphaned, [100, 103], [100])
      .map((e) => e.pid)
      .sort((a, b) => a - b);
    expect(pids).toEqual([102, 103, 104, 200]);
  });
});
