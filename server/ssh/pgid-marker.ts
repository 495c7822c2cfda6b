// Find and cut the remote "marker pid" line out of a stream, passing everything else through.
// Output before the marker (a chatty login shell) is kept; a stream without it passes unchanged
// once it outgrows the look-ahead buffer.
const LOOKAHEAD = 8192;

export class PgidMarker {
  private buffer = '';
  private done = false;
  pgid: number | null = null;

  constructor(private readonly marker: string) {}

  /** Feed a chunk; returns the text to pass on (possibly empty while waiting for the marker). */
  feed(chunk: string): string {
    if (this.done) return chunk;
    this.buffer += chunk;
    const at = this.buffer.indexOf(`${this.marker} `);
    if (at >= 0) {
      const end = this.buffer.indexOf('\n', at);
      if (end < 0) return '';
      const pid = Number(this.buffer.slice(at + this.marker.length + 1, end).trim());
      if (Number.isInteger(pid) && pid > 1) this.pgid = pid;
      const out = this.buffer.slice(0, at) + this.buffer.slice(end + 1);
      this.finish();
      return out;
    }
    if (this.buffer.length > LOOKAHEAD) {
      const out = this.buffer;
      this.finish();
      return out;
    }
    return '';
  }

  /** What is still held back (call when the stream ends). */
  flush(): string {
    const out = this.done ? '' : this.buffer;
    this.finish();
    return out;
  }

  private finish(): void {
    this.done = true;
    this.buffer = '';
  }
}
