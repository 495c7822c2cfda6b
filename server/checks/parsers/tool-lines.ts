// Choosing the line of a tool's output that explains a failure: banners and progress lines are
// skipped, the first line that carries an error wins (see server/checks/README.md "Reading tool output").

/**
 * Lines a tool prints on every run, success or not: xl's `Parsing config from FILE`, progress
 * (`0%...10%...`, `Waiting for ...`), blank lines. They never explain a failure.
 */
const BANNER =
  /^(?:Parsing config from |Waiting for |Loading |Reading |Progress |\d+%(?:\.\.\.)?|\[WARNING\]|\[\d{4}-\d\d-\d\d [\d:]+\]\s*$)/;

/** Words that mark a line as an error in the tools Onramp reads (xl, libxl, xc, VBoxManage, opam, sudo). */
const ERROR_WORD =
  /\berror\b|\bfail(?:ed|ure|s)?\b|\bfatal\b|\bpanic\b|denied|not permitted|cannot|can't|could not|unable|invalid|not found|no such file|refused|\bVERR_|\bE_[A-Z]+\b|NS_ERROR/i;

export function isBannerLine(line: string): boolean {
  return line.trim() === '' || BANNER.test(line.trim());
}

/** The output's lines, trimmed, without banners and progress. */
export function meaningfulLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => !isBannerLine(l));
}

/** The first line that carries an error, else the first meaningful line, else ''. */
export function firstErrorLine(text: string): string {
  const lines = meaningfulLines(text);
  return lines.find((l) => ERROR_WORD.test(l)) ?? lines[0] ?? '';
}
