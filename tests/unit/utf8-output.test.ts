// utf16Length against the platform's own decoder, over ASCII, every UTF-8 length, odd offsets
// into a buffer and a stream cut at every byte.
import { describe, expect, it } from 'vitest';
import { utf16Length } from '../../components/runtime/utf8-output';

const enc = new TextEncoder();

describe('utf16Length', () => {
  it.each([
    ['', 0],
    ['x', 1],
    ['hello, world\r\n', 14],
    ['héllo', 5],
    ['✓ done', 6],
    ['𝄞 clef', 7],
    ['a\u0000b\u001b[1mc', 8],
  ])('%j is %i UTF-16 units, as String.length says', (text, units) => {
    expect(text.length).toBe(units);
    expect(utf16Length(enc.encode(text))).toBe(units);
  });

  it('matches TextDecoder at every start offset into a buffer (the 4-byte fast path aligned or not)', () => {
    const text = 'xxxxxxx héllo ✓ 𝄞 '.repeat(50) + 'x'.repeat(1001);
    const bytes = enc.encode(text);
    for (let start = 0; start < 9; start += 1) {
      const view = bytes.subarray(start);
      expect(utf16Length(view)).toBe(new TextDecoder().decode(view).length);
    }
  });

  it('is additive over a stream cut at any byte: the parts sum to the whole', () => {
    const text = 'ab é ✓ 𝄞 end';
    const bytes = enc.encode(text);
    for (let cut = 0; cut <= bytes.length; cut += 1)
      expect(utf16Length(bytes.subarray(0, cut)) + utf16Length(bytes.subarray(cut))).toBe(text.length);
  });
});
