import { describe, expect, it } from 'vitest';
import { diffManifests, tarSizeEstimate, type Manifest, type ManifestEntry } from '../../server/sync/manifest';

const file = (size: number, mtimeMs = 1000, mode = 0o644): ManifestEntry => ({ type: 'file', size, mtimeMs, mode });
const dir = (mode = 0o755): ManifestEntry => ({ type: 'dir', size: 0, mtimeMs: 5, mode });
const link = (to: string): ManifestEntry => ({ type: 'symlink', size: to.length, mtimeMs: 1, mode: 0o777, link: to });

describe('diffManifests', () => {
  const before: Manifest = {
    './a': file(1),
    './d': dir(),
    './d/x': file(2),
    './d/y': file(3),
    './gone': dir(),
    './gone/inner': file(4),
    './l': link('a'),
  };

  it('sends nothing and removes nothing for the same manifest', () => {
    expect(diffManifests(before, before)).toEqual({ send: [], remove: [] });
  });

  it.each<[string, Manifest, string[], string[]]>([
    ['a content change (size)', { ...before, './a': file(9) }, ['./a'], []],
    ['a touch (mtime)', { ...before, './d/x': file(2, 2000) }, ['./d/x'], []],
    ['a chmod +x', { ...before, './d/y': file(3, 1000, 0o755) }, ['./d/y'], []],
    ['a re-pointed symlink', { ...before, './l': link('d') }, ['./l'], []],
    ['a new file in a new dir', { ...before, './n': dir(), './n/f': file(1) }, ['./n', './n/f'], []],
    ['a file that became a dir', { ...before, './a': dir() }, ['./a'], ['./a']],
  ])('%s', (_name, after, send, remove) => {
    const withoutGone = Object.fromEntries(Object.entries(after).filter(([p]) => !p.startsWith('./gone')));
    const full = { ...withoutGone, './gone': dir(), './gone/inner': file(4) };
    expect(diffManifests(before, full)).toEqual({ send, remove });
  });

  it('removes a deleted directory once, not each of its entries', () => {
    const { './gone': _g, './gone/inner': _i, ...after } = before;
    expect(diffManifests(before, after)).toEqual({ send: [], remove: ['./gone'] });
  });

  it('ignores a directory mtime change (it follows its entries)', () => {
    expect(diffManifests(before, { ...before, './d': { ...dir(), mtimeMs: 99 } })).toEqual({ send: [], remove: [] });
  });
});

describe('tarSizeEstimate', () => {
  it('counts a header per entry, file data in 512-byte blocks, rounded to a 10240-byte record', () => {
    expect(tarSizeEstimate({ './a': file(1) }, ['./a'])).toBe(10240);
    expect(tarSizeEstimate({ './a': file(20_000) }, ['./a'])).toBe(30720);
  });
});
