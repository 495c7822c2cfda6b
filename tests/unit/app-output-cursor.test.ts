import { describe, expect, it } from 'vitest';
import { newOutput, type OutputChunk } from '../../components/runtime/output-cursor';

// Feed chunks as a terminal would receive them and return what it ends up showing.
function assemble(chunks: readonly OutputChunk[]): { shown: string; missing: number } {
  let have = 0;
  let shown = '';
  let missing = 0;
  for (const chunk of chunks) {
    const fresh = newOutput(have, chunk);
    if (!fresh) continue;
    shown += fresh.data;
    missing += fresh.missing;
    have = fresh.end;
  }
  return { shown, missing };
}

const OUTPUT = 'Solo5: Bindings version v0.12.1\r\nhello\r\nhello\r\nhello\r\nhello\r\nSolo5: solo5_exit(0) called\r\n';
const slice = (from: number, to: number): OutputChunk => ({ offset: from, data: OUTPUT.slice(from, to) });

describe('newOutput: replay then live output, no gap and no duplicate', () => {
  it('replay overlapping the live stream shows every character exactly once', () => {
    const chunks = [slice(0, 30), slice(20, 45), slice(45, 60), slice(0, 10), slice(55, OUTPUT.length)];
    expect(assemble(chunks)).toEqual({ shown: OUTPUT, missing: 0 });
  });

  it('a chunk entirely already shown is dropped', () => {
    expect(newOutput(30, slice(0, 30))).toBeUndefined();
    expect(newOutput(30, slice(10, 20))).toBeUndefined();
  });

  it('a chunk starting inside what is shown writes only its tail', () => {
    expect(newOutput(5, { offset: 0, data: 'hello world' })).toEqual({ data: ' world', end: 11, missing: 0 });
  });

  it('a chunk after a hole is written and the hole is counted', () => {
    expect(newOutput(5, { offset: 8, data: 'abc' })).toEqual({ data: 'abc', end: 11, missing: 3 });
  });

  it('counts UTF-16 units like the server (JS string length)', () => {
    const chunk = { offset: 0, data: 'é→🙂x' };
    expect(newOutput(0, chunk)?.end).toBe(5);
    expect(newOutput(4, chunk)?.data).toBe('x');
  });
});
