// A run's output kept for replay: blocks of text with absolute offsets, bounded by a limit.
import { blockSizeFor, blocksToDrop } from './replay-window';

export class ReplayBuffer {
  private blocks: string[] = [];
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

  append(chunk: string): void {
    if (chunk.length === 0) return;
    const last = this.blocks.length - 1;
    const tail = this.blocks[last];
    if (tail !== undefined && tail.length + chunk.length <= this.blockSize) this.blocks[last] = tail + chunk;
    else this.blocks.push(chunk);
    this.endOffset += chunk.length;
  }

  /** Drop old output beyond the limit, keeping everything at or after `deliveredUpTo`. */
  trim(deliveredUpTo: number): void {
    const count = blocksToDrop(this.startOffset, this.blocks.map((b) => b.length), this.limit, deliveredUpTo);
    for (const dropped of this.blocks.splice(0, count)) this.startOffset += dropped.length;
  }

  /** The buffered output in [from, to) as block-sized pieces, in order; `from` must be >= start. */
  slices(from: number, to: number = this.endOffset): string[] {
    const out: string[] = [];
    let offset = this.startOffset;
    for (const block of this.blocks) {
      const blockEnd = offset + block.length;
      if (blockEnd > from && offset < to) {
        out.push(block.slice(Math.max(0, from - offset), Math.min(block.length, to - offset)));
      }
      offset = blockEnd;
      if (offset >= to) break;
    }
    return out;
  }
}
