// The arithmetic of a run's replay window, in UTF-16 offsets of the run's output: what an
// attacher is sent, and how much old output may be dropped. Pure.

export interface ReplayPlan {
  /** Output the attacher asked for that is no longer buffered: [from, to). */
  readonly gap?: { readonly from: number; readonly to: number };
  /** Offset replay starts at. */
  readonly from: number;
}

/**
 * Replay for an attacher that already has output up to `fromOffset`, given the buffered window
 * [bufferStart, end): start there if buffered; report a gap up to the buffer start if older;
 * an offset past the end (a client ahead of the server) is clamped to the end.
 */
export function replayPlan(bufferStart: number, end: number, fromOffset: number): ReplayPlan {
  const wanted = Math.min(Math.max(0, fromOffset), end);
  if (wanted >= bufferStart) return { from: wanted };
  return { gap: { from: wanted, to: bufferStart }, from: bufferStart };
}

/**
 * How many leading blocks to drop so that at most `limit` characters stay buffered, dropping
 * only whole blocks that every subscriber has already been sent (they end at or before `deliveredUpTo`).
 */
export function blocksToDrop(
  bufferStart: number,
  blockLengths: readonly number[],
  limit: number,
  deliveredUpTo: number,
): number {
  let buffered = blockLengths.reduce((a, b) => a + b, 0);
  let start = bufferStart;
  let count = 0;
  for (const length of blockLengths) {
    if (buffered <= limit || start + length > deliveredUpTo) break;
    buffered -= length;
    start += length;
    count++;
  }
  return count;
}

/** The size blocks are merged up to: small enough that dropping one keeps near the limit. */
export function blockSizeFor(limit: number, maxBlock = 64 * 1024): number {
  return Math.max(1, Math.min(maxBlock, Math.floor(limit / 16)));
}
