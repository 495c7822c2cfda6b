// exec output is capped per stream so a chatty command cannot grow the server's memory.
import { describe, expect, it } from 'vitest';
import { CappedOutput } from '../../server/runners/local-capped-output';

describe('CappedOutput', () => {
  it('keeps everything under the cap, unchanged', () => {
    const out = new CappedOutput(10);
    out.push(Buffer.from('héllo'));
    expect(out.text()).toBe('héllo');
  });

  it('keeps the first bytes up to the cap across chunks and says how many were dropped', () => {
    const out = new CappedOutput(8);
    out.push(Buffer.from('12345'));
    out.push(Buffer.from('67890'));
    out.push(Buffer.from('abc'));
    expect(out.text()).toBe('12345678\n[output truncated: kept the first 8 bytes, dropped 5]');
  });
});
