// Replay window arithmetic and the bounded replay buffer.
import { describe, expect, it } from 'vitest';
import { blockSizeFor, blocksToDrop, replayPlan } from '../../server/runs/replay-window';
import { ReplayBuffer } from '../../server/runs/replay-buffer';

describe('replayPlan', () => {
  it('starts at the requested offset when it is still buffered', () => {
    expect(replayPlan(0, 100, 0)).toEqual({ from: 0 });
    expect(replayPlan(40, 100, 70)).toEqual({ from: 70 });
    expect(replayPlan(40, 100, 40)).toEqual({ from: 40 });
  });
  it('reports a gap up to the buffer start when the offset is older', () => {
    expect(replayPlan(40, 100, 10)).toEqual({ gap: { from: 10, to: 40 }, from: 40 });
  });
  it('clamps an offset past the end to the end', () => {
    expect(replayPlan(0, 100, 500)).toEqual({ from: 100 });
  });
});

describe('blocksToDrop', () => {
  it('drops oldest blocks until at most the limit remains', () => {
    expect(blocksToDrop(0, [10, 10, 10, 10], 25, 40)).toBe(2);
    expect(blocksToDrop(0, [10, 10, 10, 10], 40, 40)).toBe(0);
  });
  it('never drops output some subscriber was not sent yet', () => {
    expect(blocksToDrop(0, [10, 10, 10, 10], 5, 15)).toBe(1);
    expect(blocksToDrop(100, [10, 10], 5, 100)).toBe(0);
  });
  it('sizes blocks to a sixteenth of the limit, at most 64 Ki', () => {
    expect(blockSizeFor(8 * 1024 * 1024)).toBe(64 * 1024);
    expect(blockSizeFor(1600)).toBe(100);
    expect(blockSizeFor(3)).toBe(1);
  });
});

describe('ReplayBuffer', () => {
  it('keeps offsets absolute and returns exact text across blocks and pieces', () => {
    const b = new ReplayBuffer(1600); // blocks of up to 100
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join('');
    for (let i = 0; i < text.length; i += 7) b.append(text.slice(i, i + 7));
    expect(b.end).toBe(text.length);
    expect(b.text(0)).toBe(text);
    expect(b.text(13, 250)).toBe(text.slice(13, 250));
    expect(b.text(text.length)).toBe('');
    // Pieces (what a held reader is sent at a time) end at the block size, then at the end.
    expect(b.pieceEnd(0)).toBe(100);
    expect(b.pieceEnd(text.length - 5)).toBe(text.length);
  });

  it('stays within the limit once old output is delivered, and the kept tail is exact', () => {
    const b = new ReplayBuffer(1600);
    let all = '';
    for (let i = 0; i < 2000; i++) {
      const chunk = `${i},`;
      all += chunk;
      b.append(chunk);
      b.trim(b.end);
    }
    expect(b.end - b.start).toBeLessThanOrEqual(1600);
    expect(b.start).toBeGreaterThan(0);
    expect(b.text(b.start)).toBe(all.slice(b.start));
  });

  it('keeps undelivered output even past the limit', () => {
    const b = new ReplayBuffer(160);
    for (let i = 0; i < 100; i++) b.append('0123456789');
    b.trim(0);
    expect(b.start).toBe(0);
    expect(b.text(0)).toHaveLength(1000);
  });
  it('keeps characters above U+00FF (and surrogate pairs) exact once they arrive mid-run', () => {
    const b = new ReplayBuffer(1600);
    const parts = ['plain ascii é\n', 'box ─│ and emoji 🐫\n', 'more ascii\n'];
    for (const p of parts) b.append(p);
    const all = parts.join('');
    expect(b.text(0)).toBe(all);
    expect(b.text(3, 30)).toBe(all.slice(3, 30));
    b.append('x'.repeat(3000));
    b.trim(b.end);
    expect(b.text(b.start)).toBe((all + 'x'.repeat(3000)).slice(b.start));
  });

  it('moves its window within the store many times without losing or reordering output', () => {
    const b = new ReplayBuffer(1000);
    let all = '';
    for (let i = 0; i < 5000; i++) {
      const chunk = `${i};`;
      all += chunk;
      b.append(chunk);
      if (i % 3 === 0) b.trim(b.end);
    }
    b.shrink();
    expect(b.end).toBe(all.length);
    expect(b.end - b.start).toBeLessThanOrEqual(1000 + 5);
    expect(b.text(b.start)).toBe(all.slice(b.start));
    b.append('end');
    expect(b.text(b.end - 10)).toBe((all + 'end').slice(-10));
  });
});

describe('ReplayBuffer.utf8Into', () => {
  /** [from, to) of the buffer as UTF-8 through utf8Into, as a string. */
  const utf8 = (b: ReplayBuffer, from: number, to?: number) => {
    const into = Buffer.alloc(3 * ((to ?? b.end) - from) + 3);
    return into.subarray(0, b.utf8Into(into, from, to)).toString('utf8');
  };

  it('copies ASCII as it is, any range, offsets in UTF-16 units', () => {
    const b = new ReplayBuffer(1600);
    b.append('hello\r\n');
    b.append('world\r\n');
    expect(utf8(b, 0)).toBe('hello\r\nworld\r\n');
    expect(utf8(b, 3, 9)).toBe('lo\r\nwo');
    expect(utf8(b, b.end)).toBe('');
  });

  it('encodes latin1 characters past ASCII and, once the store is wide, any character, as the text says', () => {
    const b = new ReplayBuffer(1600);
    b.append('café ');
    expect(utf8(b, 0)).toBe('café ');
    expect(Buffer.byteLength(utf8(b, 0))).toBe(6);
    b.append('✓ 𝄞 done');
    expect(utf8(b, 0)).toBe(b.text(0));
    expect(utf8(b, 5)).toBe('✓ 𝄞 done');
    // From inside the wide part: offsets stay UTF-16 units ('𝄞' is two).
    expect(utf8(b, 7, 9)).toBe('𝄞');
  });
});
