// Collect a stream's bytes up to a cap, counting what was dropped, so a chatty command cannot
// make the server's memory grow without bound.
export const DEFAULT_OUTPUT_CAP = 4 * 1024 * 1024;

export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly cap: number = DEFAULT_OUTPUT_CAP) {}

  push(chunk: Buffer): void {
    const room = this.cap - this.kept;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.chunks.push(part);
      this.kept += part.length;
    }
    this.dropped += Math.max(0, chunk.length - Math.max(0, room));
  }

  /** The text kept, with a last line saying how much was dropped when the cap was reached. */
  text(): string {
    const body = Buffer.concat(this.chunks).toString('utf8');
    if (this.dropped === 0) return body;
    return `${body}\n[output truncated: kept the first ${this.kept} bytes, dropped ${this.dropped}]`;
  }
}
