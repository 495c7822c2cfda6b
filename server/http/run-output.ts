// GET /api/runs/<runId>/output?from=<offset>: one run's output as a plain HTTP response body,
// replayed from `from` then live, ending when the run exits. The browser terminal reads it with
// fetch(): a Chromium fetch() stream costs the page's main thread and the browser's other
// processes far less per byte than WebSocket messages (bench/terminal-raw-floor.ts: 0.90 of the
// bare xterm.js ceiling against 0.54–0.59 for the same bytes in WebSocket frames). Flow control
// is TCP's: a chunk counts as acknowledged once Node has handed it to the kernel, so a reader
// that stops reading fills the socket, the acknowledgements stop, and the run store pauses the
// process at its high-water mark, as for a socket reader that stops acknowledging. While the
// response is full, output is not pushed into it: it waits in the run's replay buffer (outside
// the JS heap) and follows on 'drain', so a slow reader costs the server no garbage.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RunIdSchema, type RunId } from '../../protocol/ids';
import { OUTPUT_FROM_HEADER } from '../../protocol/socket';
import type { RunStorePort } from '../socket/run-store-port';
import { sendJson } from './send-json';
import { securityHeaders } from './security-headers';

const OUTPUT_PATH = /^\/api\/runs\/([^/]+)\/output$/;

/** The run id of an output path, or undefined for any other path. */
export function outputRunId(pathname: string): string | undefined {
  return OUTPUT_PATH.exec(pathname)?.[1];
}

/** `from` as an output offset: a whole number ≥ 0 (absent: 0); an error text otherwise. */
export function parseFrom(raw: string | null): { ok: true; value: number } | { ok: false; error: string } {
  if (raw === null || raw === '') return { ok: true, value: 0 };
  if (!/^\d{1,15}$/.test(raw))
    return { ok: false, error: `from must be an output offset (a whole number >= 0), found "${raw.slice(0, 40)}"` };
  return { ok: true, value: Number(raw) };
}

let streams = 0;

/** Bytes a pooled buffer holds: a flush of 128 Ki characters plus a pty read, at 3 bytes each. */
const POOL_BUFFER_BYTES = 512 * 1024;
/** Buffers kept for reuse per response (pending writes stay few: writing stops when it is full). */
const POOL_KEEP = 8;

/**
 * Output chunks as UTF-8 in reused buffers. Each write of a fresh Buffer (or of a string, which
 * Node copies into a fresh backing store) leaves memory outside the JS heap that only a later GC
 * frees: in the 100 MB flood the server's peak RSS reached 180–347 MB that way. A buffer here
 * goes back to the pool once its write has completed (the kernel has the bytes), so a flood
 * reuses a few of them.
 */
export class Utf8Pool {
  private readonly free: Buffer[] = [];

  /**
   * `chars` characters of output as UTF-8, written by `read` into a pooled buffer when they fit
   * (3 bytes a character at most); returns the view of what was written (hand it back with give()).
   */
  fill(chars: number, read: (into: Buffer) => number): Buffer {
    const buf =
      chars * 3 > POOL_BUFFER_BYTES
        ? Buffer.allocUnsafe(chars * 3)
        : (this.free.pop() ?? Buffer.allocUnsafeSlow(POOL_BUFFER_BYTES));
    return buf.subarray(0, read(buf));
  }

  /** A buffer from fill() whose write has completed: kept for reuse (up to POOL_KEEP). */
  give(bytes: Buffer): void {
    if (bytes.buffer.byteLength !== POOL_BUFFER_BYTES || this.free.length >= POOL_KEEP) return;
    this.free.push(Buffer.from(bytes.buffer, 0, POOL_BUFFER_BYTES));
  }
}

/**
 * Serve `GET /api/runs/<runId>/output?from=N` (after the auth decision allowed it): 404 for an
 * unknown run, 400 for a bad `from`; otherwise 200 with the output from `from` (or from the oldest
 * output still kept, the header `X-Onramp-Output-From` saying where the body starts) as UTF-8
 * text, live until the run exits. A reader that goes away is detached.
 */
export function serveRunOutput(
  rawRunId: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  runs: Pick<RunStorePort, 'attach' | 'detach' | 'ack' | 'release' | 'get'>,
): void {
  const method = req.method ?? 'GET';
  const id = RunIdSchema.safeParse(rawRunId);
  const from = parseFrom(url.searchParams.get('from'));
  if (!from.ok) return sendJson(res, 400, { ok: false, error: from.error }, method);
  const gone = `no run ${rawRunId.slice(0, 40)}: it ended and was forgotten, or the server restarted`;
  const known = id.success ? runs.get(id.data) : undefined;
  if (!id.success || !known) return sendJson(res, 404, { ok: false, error: gone }, method);
  const runId: RunId = id.data;
  // Past the end of the output, the body starts at the end (as replay does).
  const start = Math.min(from.value, known.length);
  if (method === 'HEAD') {
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    return void res.end();
  }
  const subscriberId = `http-output-${(streams += 1)}`;
  const pool = new Utf8Pool();
  const write = (offset: number, chars: number, read: (into: Buffer) => number): boolean => {
    head(offset);
    const bytes = pool.fill(chars, read);
    const more = res.write(bytes, () => {
      pool.give(bytes);
      runs.ack(runId, subscriberId, offset + chars);
    });
    // Once the response is full, output waits in the run's replay buffer until 'drain'.
    if (!more) res.once('drain', () => runs.release(runId, subscriberId));
    return more;
  };
  const head = (at: number) => {
    if (res.headersSent) return;
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      [OUTPUT_FROM_HEADER]: String(at),
    });
  };
  const info = runs.attach(
    runId,
    subscriberId,
    {
      gap: (_from, to) => head(to),
      // Output comes as UTF-8 bytes (utf8 below); data() serves only a store without that path.
      data: (offset, chunk) => write(offset, chunk.length, (into) => into.write(chunk, 'utf8')),
      utf8: (offset, chars, read) => write(offset, chars, read),
      exit: () => {
        head(start);
        res.end();
      },
    },
    start,
  );
  if (!info) return sendJson(res, 404, { ok: false, error: gone }, method);
  head(start);
  // Headers go out now, so the reader's fetch() resolves before the first output.
  res.flushHeaders();
  res.on('close', () => runs.detach(runId, subscriberId));
}
