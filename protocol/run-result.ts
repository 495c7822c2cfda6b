// One result shape for every command run, local or over SSH (after execa's result object).
import { z } from 'zod';

export const RunResultSchema = z.object({
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  canceled: z.boolean(),
  durationMs: z.number(),
  /** A one-line human summary built from the flags above, e.g. "exited with code 0 in 1.2 s". */
  message: z.string(),
  /** Set when the run could not start or its transport failed (spawn error, SSH dropped). */
  error: z.string().optional(),
});
export type RunResult = z.infer<typeof RunResultSchema>;

export function runMessage(r: Omit<RunResult, 'message'>): string {
  const secs = `${(r.durationMs / 1000).toFixed(1)} s`;
  if (r.error) return `failed: ${r.error} (after ${secs})`;
  if (r.canceled) return `canceled after ${secs}`;
  if (r.timedOut) return `timed out after ${secs}`;
  if (r.signal) return `killed by ${r.signal} after ${secs}`;
  return `exited with code ${r.exitCode ?? '?'} in ${secs}`;
}
