// What a unikernel printed: the hello log lines (unix or Xen) and the Solo5 preamble and exit.

/** Mirage 4 (`2024-04-14T14:15:22+02:00: [INFO] [application] hello`) and older (`... INF [application] hello`). */
const HELLO_LINE = /(?:\[INFO\]|\bINF)\s+\[application\]\s+hello\s*$/;

export function countHelloLines(output: string): number {
  return output.split(/\r?\n/).filter((line) => HELLO_LINE.test(line)).length;
}

export interface Solo5Console {
  /** The console line `Solo5: Xen console: ...` was seen (the guest started). */
  readonly started: boolean;
  readonly bindingsVersion: string | undefined;
  readonly memoryMb: number | undefined;
  /** N of `Solo5: solo5_exit(N) called`, when the guest exited. */
  readonly exitCode: number | undefined;
  /** The `Solo5: ABORT: ...` line, when the guest crashed. */
  readonly abort: string | undefined;
  readonly helloLines: number;
}

/** How the guest ended, beyond Solo5's own lines: for the boot verdict. */
export interface GuestEnding {
  /** `Solo5: solo5_abort() called`: the guest (OCaml's runtime, libc's abort()) gave up. */
  readonly abortCalled: boolean;
  /** What the guest itself printed after the Solo5 preamble, in order: no `Solo5:` lines, no timestamps of xenconsoled's log. */
  readonly guestLines: readonly string[];
}

export function parseGuestEnding(output: string): GuestEnding {
  return { abortCalled: /Solo5: solo5_abort\(\) called/.test(output), guestLines: guestLinesOf(output) };
}

/** xenconsoled's log prefixes every line with `[YYYY-MM-DD HH:MM:SS] `. */
const LOG_STAMP = /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?\]\s?/;

/** The console's lines without xenconsoled's timestamps. */
export function consoleLines(output: string): string[] {
  return output.split(/\r?\n/).map((l) => l.replace(LOG_STAMP, '').trimEnd());
}

/** The guest's own lines: after the Solo5 preamble (its last `Solo5: Bindings`/`Memory map` line), minus Solo5's lines. */
export function guestLinesOf(output: string): string[] {
  const lines = consoleLines(output);
  let start = -1;
  lines.forEach((l, i) => {
    if (/^Solo5: (Xen console:|Bindings version|Memory map|\s+(reserved|text|rodata|data|heap) )/.test(l)) start = i;
  });
  if (start < 0) return [];
  return lines
    .slice(start + 1)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('Solo5:') && !l.startsWith('Parsing config from'));
}

export function parseSolo5Console(output: string): Solo5Console {
  const exit = /Solo5: solo5_exit\((-?\d+)\) called/.exec(output);
  return {
    started: /Solo5: Xen console:/.test(output) || /Solo5: Bindings version/.test(output),
    bindingsVersion: /Solo5: Bindings version (\S+)/.exec(output)?.[1],
    memoryMb: ((m) => (m?.[1] ? Number(m[1]) : undefined))(/Solo5: Memory map: (\d+) MB addressable/.exec(output)),
    exitCode: exit?.[1] ? Number(exit[1]) : undefined,
    abort: consoleLines(output)
      .find((l) => /Solo5: ABORT:/.test(l))
      ?.trim(),
    helloLines: countHelloLines(output),
  };
}
