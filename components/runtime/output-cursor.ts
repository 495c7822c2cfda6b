// Offsets make replay + live output safe: a chunk is positioned in the run's output, so whatever
// part of it the terminal already shows is dropped, and nothing is written twice.
export interface OutputChunk {
  readonly offset: number;
  readonly data: string;
}

export interface NewOutput {
  /** The part of the chunk not yet written. */
  readonly data: string;
  /** The output offset once `data` is written. */
  readonly end: number;
  /** Characters between what we had and this chunk that never arrived (0 normally). */
  readonly missing: number;
}

/** The part of `chunk` that is new to a terminal holding output up to offset `have`; undefined if none. */
export function newOutput(have: number, chunk: OutputChunk): NewOutput | undefined {
  const end = chunk.offset + chunk.data.length;
  if (end <= have) return undefined;
  if (chunk.offset >= have) return { data: chunk.data, end, missing: chunk.offset - have };
  return { data: chunk.data.slice(have - chunk.offset), end, missing: 0 };
}

export function gapNotice(chars: number): string {
  return `\r\n\x1b[2m[… ${chars} characters of earlier output are no longer kept …]\x1b[0m\r\n`;
}
