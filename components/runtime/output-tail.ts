// The end of a run's output as plain text: kept next to the terminal (visually hidden) so that
// screen readers and text queries can read it even when xterm is not drawing (off screen).
export const TAIL_CHARS = 8000;

/** `tail` followed by `data`, cut to the last `max` characters (with room for escapes cut in half). */
export function appendTail(tail: string, data: string, max = TAIL_CHARS * 2): string {
  const joined = data.length >= max ? data.slice(-max) : tail + data;
  return joined.length > max ? joined.slice(-max) : joined;
}

const tailDecoder = new TextDecoder('utf-8');

/**
 * `tail` followed by UTF-8 `bytes`, as appendTail: only the bytes that can reach the tail are
 * decoded (a character cut at their start shows as U+FFFD, at the far end of the tail).
 */
export function appendTailBytes(tail: string, bytes: Uint8Array, max = TAIL_CHARS * 2): string {
  // A UTF-16 unit takes at least one byte: the last `max` bytes hold at least the last `max` units' worth.
  const last = bytes.length > max ? bytes.subarray(bytes.length - max) : bytes;
  return appendTail(tail, tailDecoder.decode(last), max);
}

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and other two-character ESC sequences.
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u001bc/g;

/** Terminal output as text: escape sequences removed, CR LF and lone CR as line ends, last `max` chars. */
export function plainTail(tail: string, max = TAIL_CHARS): string {
  const text = tail
    .replace(ESCAPES, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return text.length > max ? text.slice(-max) : text;
}
