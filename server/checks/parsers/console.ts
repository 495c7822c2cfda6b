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

export function parseSolo5Console(output: string): Solo5Console {
  const exit = /Solo5: solo5_exit\((-?\d+)\) called/.exec(output);
  return {
    started: /Solo5: Xen console:/.test(output) || /Solo5: Bindings version/.test(output),
    bindingsVersion: /Solo5: Bindings version (\S+)/.exec(output)?.[1],
    memoryMb: ((m) => (m?.[1] ? Number(m[1]) : undefined))(/Solo5: Memory map: (\d+) MB addressable/.exec(output)),
    exitCode: exit?.[1] ? Number(exit[1]) : undefined,
    abort: /^.*Solo5: ABORT:.*$/m.exec(output)?.[0]?.trim(),
    helloLines: countHelloLines(output),
  };
}
