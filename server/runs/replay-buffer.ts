// A run's output kept for replay, with absolute offsets (UTF-16 code units), bounded by a limit.
// Held in one reused byte store outside the JS heap (latin1, one byte per character, until a
// character above U+00FF arrives; then UTF-16LE): output streaming through it leaves no garbage
// for the old generation, which kept the server's RSS tens of MB higher during a flood.
import { isAscii } from 'node:buffer';
import { blockSizeFor } from './replay-window';

type Encoding = 'latin1' | 'utf16le';

const WIDE = /[^\u0000-\u00ff]/;
const MIN_CAPACITY = 4096;

export class ReplayBuffer {
  private store = Buffer.allocUnsafeSlow(0);
  private encoding: Encoding = 'latin1';
  /** Byte index in `store` of the character at `startOffset`. */
  private head = 0;
  private startOffset = 0;
  private endOffset = 0;
  private readonly blockSize: number;

  constructor(private readonly limit: number) {
    this.blockSize = blockSizeFor(limit);
  }

  /** Offset of the oldest character still buffered. */
  get start(): number {
    return this.startOffset;
  }

  /** Total output appended so far (offset just past the newest character). */
  get end(): number {
    return this.endOffset;
  }

  private get width(): number {
    return this.encoding === 'latin1' ? 1 : 2;
  }

  private get tail(): number {
    return this.head + (this.endOffset - this.startOffset) * this.width;
  }

  append(chunk: string): void {
    if (chunk.length === 0) return;
    if (this.encoding === 'latin1' && WIDE.test(chunk)) this.widen();
    const bytes = chunk.length * this.width;
    this.makeRoom(bytes);
    this.store.write(chunk, this.tail, bytes, this.encoding);
    this.endOffset += chunk.length;
  }

  /** Drop old output beyond the limit, keeping everything at or after `deliveredUpTo`. */
  trim(deliveredUpTo: number): void {
    const newStart = Math.min(
      Math.max(this.startOffset, this.endOffset - this.limit),
      Math.max(this.startOffset, deliveredUpTo),
    );
    this.head += (newStart - this.startOffset) * this.width;
    this.startOffset = newStart;
    if (this.startOffset === this.endOffset) this.head = 0;
  }

  /** The buffered output in [from, to) as one string; `from` must be >= start. */
  text(from: number, to: number = this.endOffset): string {
    const a = Math.max(from, this.startOffset);
    const b = Math.min(to, this.endOffset);
    if (b <= a) return '';
    return this.store.toString(this.encoding, this.byteAt(a), this.byteAt(b));
  }

  /**
   * The buffered output in [from, to) written into `target` as UTF-8; returns the bytes written.
   * ASCII held as latin1 (a flood's usual case) is copied as it is, with no JS string made.
   * `target` needs room for 3 bytes per character in general (exactly 1 for ASCII).
   */
  utf8Into(target: Buffer, from: number, to: number = this.endOffset): number {
    const a = Math.max(from, this.startOffset);
    const b = Math.min(to, this.endOffset);
    if (b <= a) return 0;
    const bytes = this.store.subarray(this.byteAt(a), this.byteAt(b));
    if (this.encoding === 'latin1' && isAscii(bytes)) return bytes.copy(target);
    return target.write(bytes.toString(this.encoding), 'utf8');
  }

  /** The end of the block that starts at `from`: where one piece from there ends. */
  pieceEnd(from: number): number {
    return Math.min(from + this.blockSize, this.endOffset);
  }

  /** Give back the unused part of the store (a finished run keeps only its window). */
  shrink(): void {
    const live = this.store.subarray(this.head, this.tail);
    this.store = Buffer.allocUnsafeSlow(live.length);
    live.copy(this.store);
    this.head = 0;
  }

  private byteAt(offset: number): number {
    return this.head + (offset - this.startOffset) * this.width;
  }

  /** Room for `bytes` more at the tail: move the window to the front, or grow to 1.5 × what is needed. */
  private makeRoom(bytes: number): void {
    const used = this.tail - this.head;
    if (this.tail + bytes <= this.store.length) return;
    const needed = used + bytes;
    if (needed * 1.5 <= this.store.length) {
      this.store.copyWithin(0, this.head, this.head + used);
    } else {
      const grown = Buffer.allocUnsafeSlow(Math.max(MIN_CAPACITY, Math.ceil(needed * 1.5)));
      this.store.copy(grown, 0, this.head, this.head + used);
      this.store = grown;
    }
    this.head = 0;
  }

  /** Switch the store to UTF-16LE for a character latin1 cannot hold. */
  private widen(): void {
    const kept = this.text(this.startOffset);
    this.encoding = 'utf16le';
    this.store = Buffer.allocUnsafeSlow(Math.max(MIN_CAPACITY, kept.length * 3));
    this.head = 0;
    this.store.write(kept, 0, kept.length * 2, 'utf16le');
  }
}
