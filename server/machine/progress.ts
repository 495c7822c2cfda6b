// Progress lines for long machine work: `[  12.3s] phase: detail`.
export interface Progress {
  phase(text: string): void;
  /** Seconds since this progress began. */
  elapsed(): number;
}

export function progressTo(write: (line: string) => void, now: () => number = Date.now): Progress {
  const start = now();
  const elapsed = () => (now() - start) / 1000;
  return {
    phase: (text) => write(`[${elapsed().toFixed(1).padStart(6)}s] ${text}\n`),
    elapsed,
  };
}

export const silentProgress: Progress = { phase: () => {}, elapsed: () => 0 };
