// One run's output read from GET /api/runs/<runId>/output with fetch(): UTF-8 bytes handed on as
// they come (xterm.js decodes them itself), each chunk positioned by output offset and measured in
// UTF-16 code units as the server counts, with backpressure: reading waits while the terminal
// holds more than `backlog` unparsed characters, so TCP pushes back on the server, which pauses
// the run (server/http/run-output.ts). A Chromium fetch() stream costs far less per byte than
// WebSocket messages, and bytes into xterm less than a TextDecoder string (bench/terminal-raw-floor.ts).
import { OUTPUT_FROM_HEADER } from '../../protocol/socket';
import { utf16Length } from './utf8-output';

export interface OutputStreamSink {
  /**
   * UTF-8 output starting at output offset `offset`, `chars` UTF-16 units long (a character cut
   * at the end counts here, its rest adds 0 to the next chunk); call `parsed` once the terminal
   * has processed it.
   */
  output(offset: number, bytes: Uint8Array, chars: number, parsed: () => void): void;
}

export type StreamEnd = 'ended' | 'aborted' | { readonly error: string };

/** Which output to read: the run, the offset to start at, the session token, the server's origin. */
export interface OutputSource {
  readonly runId: string;
  /** Output offset (UTF-16 code units) to start at. */
  readonly fromOffset: number;
  readonly token: string;
  /** The server's origin; empty in the page, whose own origin it is. */
  readonly origin?: string;
}

/**
 * Read a run's output from `fromOffset` until it ends (resolves 'ended': the run exited and all
 * its output came), `signal` aborts ('aborted') or the request fails ({ error }: the HTTP status
 * and the server's text, or the network error). At most `backlog` characters handed to `sink`
 * wait unparsed before reading goes on.
 */
export async function readOutputStream(
  source: OutputSource,
  sink: OutputStreamSink,
  { signal, backlog }: { readonly signal: AbortSignal; readonly backlog: number },
): Promise<StreamEnd> {
  const { runId, fromOffset, token, origin = '' } = source;
  let unparsed = 0;
  let wake: (() => void) | undefined;
  const parsedSome = (size: number) => {
    unparsed -= size;
    if (unparsed <= backlog) wake?.();
  };
  signal.addEventListener('abort', () => wake?.(), { once: true });
  try {
    const res = await fetch(`${origin}/api/runs/${encodeURIComponent(runId)}/output?from=${fromOffset}`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
      signal,
    });
    if (!res.ok || !res.body) return { error: `${res.status}: ${(await res.text()).slice(0, 300)}` };
    let offset = Number(res.headers.get(OUTPUT_FROM_HEADER) ?? fromOffset);
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 'ended';
      const size = utf16Length(value);
      unparsed += size;
      sink.output(offset, value, size, () => parsedSome(size));
      offset += size;
      while (unparsed > backlog && !signal.aborted) await new Promise<void>((w) => (wake = w));
      if (signal.aborted) return 'aborted';
    }
  } catch (err) {
    if (signal.aborted) return 'aborted';
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
