// The pure decisions of a paced sync send (server/sync/paced-send.ts): when a chunk may go, and
// how the bound grows when dom0 acknowledges nothing for a while.
import { describe, expect, it } from 'vitest';
import { inFlightKb } from '../../server/cli/sync';
import { boundAfterStall, IN_FLIGHT_DEFAULT, mayWrite } from '../../server/sync/paced-send';

describe('mayWrite', () => {
  it('lets a chunk go while it fits within the bound', () => {
    expect(mayWrite(0, 65536, 512 * 1024)).toBe(true);
    expect(mayWrite(448 * 1024, 65536, 512 * 1024)).toBe(true);
  });
  it('holds a chunk that would pass the bound', () => {
    expect(mayWrite(448 * 1024 + 1, 65536, 512 * 1024)).toBe(false);
  });
  it('always lets a chunk go when nothing is in flight, even one larger than the bound', () => {
    expect(mayWrite(0, 1024 * 1024, 512 * 1024)).toBe(true);
  });
  it('bound 0 is unbounded (the whole SSH window, the way before issue 16)', () => {
    expect(mayWrite(2 * 1024 * 1024, 65536, 0)).toBe(true);
  });
});

describe('boundAfterStall', () => {
  it('doubles the bound, at most to the channel window', () => {
    expect(boundAfterStall(512 * 1024, 2 * 1024 * 1024)).toBe(1024 * 1024);
    expect(boundAfterStall(1536 * 1024, 2 * 1024 * 1024)).toBe(2 * 1024 * 1024);
  });
});

describe('IN_FLIGHT_DEFAULT', () => {
  it("stays above OpenSSH's acknowledgement threshold (3 packets of 32 KB) plus one 64 KB pipe chunk", () => {
    expect(IN_FLIGHT_DEFAULT).toBeGreaterThan(3 * 32768 + 65536);
  });
});

describe('--in-flight-kb', () => {
  it('takes a whole number of KB, 0 included', () => {
    expect(inFlightKb('0')).toBe(0);
    expect(inFlightKb('512')).toBe(512);
  });
  it('refuses anything else, saying what it expected', () => {
    for (const bad of ['-1', '1.5', 'lots', '']) expect(() => inFlightKb(bad)).toThrow(/whole number of KB/);
  });
});
