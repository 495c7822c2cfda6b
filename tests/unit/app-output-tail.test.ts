import { describe, expect, it } from 'vitest';
import { appendTail, plainTail } from '../../components/runtime/output-tail';

describe('appendTail', () => {
  it('keeps everything while short', () => {
    expect(appendTail(appendTail('', 'tick 1\r\n'), 'tick 2\r\n')).toBe('tick 1\r\ntick 2\r\n');
  });
  it('keeps only the last max characters', () => {
    let tail = '';
    for (let i = 1; i <= 600; i++) tail = appendTail(tail, `tick ${i}\r\n`, 30);
    expect(tail).toHaveLength(30);
    expect(tail.endsWith('tick 600\r\n')).toBe(true);
  });
  it('a chunk longer than max replaces the tail', () => {
    expect(appendTail('old', 'x'.repeat(50), 20)).toBe('x'.repeat(20));
  });
});

describe('plainTail', () => {
  it('removes colour and cursor escapes and normalises line ends', () => {
    const raw = '\u001b[1m\u001b[32mSUCCESS\u001b[0m\r\n\u001b]0;title\u0007Solo5: solo5_exit(0) called\r\n\u001b[?25h';
    expect(plainTail(raw)).toBe('SUCCESS\nSolo5: solo5_exit(0) called\n');
  });
  it('drops a terminal reset and other control characters but keeps tabs', () => {
    expect(plainTail('\u001bca\tb\u0007c\rd')).toBe('a\tbc\nd');
  });
  it('cuts to the last max characters', () => {
    expect(plainTail('abcdef', 3)).toBe('def');
  });
});
