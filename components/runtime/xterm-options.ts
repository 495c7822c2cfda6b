// The xterm.js options every Onramp terminal starts from (font, scrollback), in a module of their
// own so that the benchmark's bare xterm.js ceiling (bench/xterm-ceiling.ts) uses the same ones.
export const XTERM_BASE_OPTIONS = {
  scrollback: 5000,
  fontSize: 13,
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
} as const;
