// A problem in a chapter, located at file:line:column so the build can point straight at it.
import type { Point, Position } from 'unist';

export class ContentError extends Error {
  override readonly name = 'ContentError';
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  /** The message without the `file:line:column: ` prefix. */
  readonly reason: string;

  constructor(file: string, line: number, column: number | undefined, reason: string) {
    super(`${file}:${line}${column === undefined ? '' : `:${column}`}: ${reason}`);
    this.file = file;
    this.line = line;
    if (column !== undefined) this.column = column;
    this.reason = reason;
  }
}

/** A ContentError at the start of a node's position (line 1 when the node has none). */
export function contentErrorAt(file: string, place: Position | Point | undefined, reason: string): ContentError {
  const point = place === undefined ? undefined : 'start' in place ? place.start : place;
  return new ContentError(file, point?.line ?? 1, point?.column, reason);
}
