// The image cache's garbage collection decision: what goes, what stays, and why.
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatPrunePlan,
  FRESH_BASE_MS,
  planPrune,
  type CachedImage,
  type PruneInput,
} from '../../server/machine/qemu/image-prune';

const NOW = Date.parse('2026-11-30T15:00:00Z');
const HOUR = 3600_000;
const key = (c: string) => c.repeat(64);
const image = (c: string, lastUsedHoursAgo: number, over: Partial<CachedImage> = {}): CachedImage => ({
  name: key(c).slice(0, 16),
  path: `/cache/lab-images/${key(c).slice(0, 16)}`,
  sizeBytes: 900e6,
  complete: true,
  baseKey: key(c === 'a' || c === 'b' ? '1' : '2'),
  lastUsedMs: NOW - lastUsedHoursAgo * HOUR,
  ...over,
});
const base = (c: string, ageHours = 48) => ({
  name: `base-${key(c).slice(0, 16)}.tar`,
  path: `/cache/lab-images/base-${key(c).slice(0, 16)}.tar`,
  sizeBytes: 770e6,
  keyPrefix: key(c).slice(0, 16),
  mtimeMs: NOW - ageHours * HOUR,
});

function input(over: Partial<PruneInput> = {}): PruneInput {
  return {
    listing: {
      images: [image('a', 1), image('b', 30), image('c', 5), image('d', 100)],
      bases: [base('1'), base('2'), base('3')],
      others: ['/cache/lab-images/base-4444444444444444.tar.work.Qjpn1h'],
    },
    used: [{ machine: 'onramp-lab', store: '/lane/machines.json', imageKey: key('b') }],
    current: { imageKeys: [key('a')], baseKeys: [key('1')] },
    keepRecent: 0,
    nowMs: NOW,
    ...over,
  };
}
const paths = (items: readonly { path: string }[]) => items.map((i) => i.path.split('/').pop()).sort();

describe('planPrune', () => {
  it('removes images no machine uses and no current recipe builds, and bases only they needed', () => {
    const plan = planPrune(input());
    // c and d: unused, not current; base 2 was only theirs; base 3 is nobody's
    expect(paths(plan.remove)).toEqual(
      ['cccccccccccccccc', 'dddddddddddddddd', 'base-2222222222222222.tar', 'base-3333333333333333.tar'].sort(),
    );
    expect(paths(plan.keep)).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'base-1111111111111111.tar'].sort());
    expect(plan.keep.find((k) => k.path.endsWith('bbbbbbbbbbbbbbbb'))?.why).toContain('used by machine onramp-lab');
    expect(plan.keep.find((k) => k.path.endsWith('aaaaaaaaaaaaaaaa'))?.why).toContain('current recipe');
    expect(plan.untouched.map((u) => u.path)).toEqual(['/cache/lab-images/base-4444444444444444.tar.work.Qjpn1h']);
  });

  it('keeps the N most recently used unused images, and their bases', () => {
    const plan = planPrune(input({ keepRecent: 1 }));
    expect(paths(plan.keep)).toContain('cccccccccccccccc');
    expect(paths(plan.remove)).toContain('dddddddddddddddd');
    expect(paths(plan.keep)).toContain('base-2222222222222222.tar');
  });

  it('never removes an unfinished image (no recipe.json) nor a base written within the hour', () => {
    const plan = planPrune(
      input({
        listing: {
          images: [image('e', 200, { complete: false })],
          bases: [base('3', FRESH_BASE_MS / HOUR / 2)],
          others: [],
        },
      }),
    );
    expect(plan.remove).toEqual([]);
    expect(plan.untouched[0]?.why).toMatch(/no recipe\.json/);
    expect(plan.keep[0]?.why).toMatch(/within the last hour/);
  });

  it('a machine keeps its image by a full key that starts with the directory name', () => {
    const plan = planPrune(
      input({ used: [{ machine: 'm', store: '/s', imageKey: key('d') }], current: { imageKeys: [], baseKeys: [] } }),
    );
    expect(paths(plan.keep)).toContain('dddddddddddddddd');
    expect(paths(plan.remove)).toContain('aaaaaaaaaaaaaaaa');
  });

  it('sums what it frees and prints every decision with its size', () => {
    const plan = planPrune(input());
    expect(plan.freedBytes).toBe(900e6 * 2 + 770e6 * 2);
    const lines = formatPrunePlan(plan, true);
    expect(lines.filter((l) => l.startsWith('would rm'))).toHaveLength(4);
    expect(lines.find((l) => l.includes('cccccccccccccccc'))).toMatch(/^would rm +900 MB /);
    expect(lines.at(-1)).toBe('would free 3.3 GB (4 items); nothing was removed (--dry-run)');
    expect(formatPrunePlan(planPrune(input({ listing: { images: [], bases: [], others: [] } })), false)).toEqual([
      'nothing to remove',
    ]);
  });
});

describe('formatBytes', () => {
  it('uses 1000-based units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(898_000_000)).toBe('898 MB');
    expect(formatBytes(1_100_000_000)).toBe('1.1 GB');
  });
});
