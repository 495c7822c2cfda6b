// Run output as UTF-8 bytes (the output stream's body) measured in the units the server counts
// offsets in: UTF-16 code units, i.e. what `string.length` would be once decoded. The terminal
// takes the bytes as they come (xterm.js decodes UTF-8 itself, cheaper than a TextDecoder string:
// bench/terminal-raw-floor.ts), so the page counts instead of decoding.

/**
 * UTF-16 code units that `bytes` decode to: one per character start (any byte but 10xxxxxx) and
 * one more for each 4-byte sequence (a surrogate pair). Additive over a split stream: a character
 * cut between two chunks counts in the chunk holding its first byte. Exact for valid UTF-8, which
 * is what the server sends (Buffer.from(string, 'utf8')).
 */
export function utf16Length(bytes: Uint8Array): number {
  let count = 0;
  let i = 0;
  const n = bytes.length;
  // Four bytes at a time while they are ASCII (the common case), from a 4-byte aligned start.
  const lead = Math.min(n, (4 - ((bytes.byteOffset + i) & 3)) & 3);
  for (; i < lead; i += 1) count += unitsOf(bytes[i]!);
  const words = n - i >= 4 ? new Uint32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >>> 2) : new Uint32Array(0);
  for (let w = 0; w < words.length; w += 1) {
    const word = words[w]!;
    if ((word & 0x80808080) === 0) {
      count += 4;
      continue;
    }
    const at = i + w * 4;
    count += unitsOf(bytes[at]!) + unitsOf(bytes[at + 1]!) + unitsOf(bytes[at + 2]!) + unitsOf(bytes[at + 3]!);
  }
  for (i += words.length * 4; i < n; i += 1) count += unitsOf(bytes[i]!);
  return count;
}

/** UTF-16 units a byte adds: 0 for a continuation byte, 2 for a 4-byte lead, else 1. */
function unitsOf(b: number): number {
  if ((b & 0xc0) === 0x80) return 0;
  return b >= 0xf0 ? 2 : 1;
}
