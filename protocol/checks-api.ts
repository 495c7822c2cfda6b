// The body of `GET /api/checks`: the catalogue with each check's latest stored verdict (the dashboard reads it).
import { z } from 'zod';
import { SETUP_PATHS, STAGES, type CheckMeta } from './check-catalog';
import { TargetSchema } from './ids';
import { VerdictSchema } from './verdict';

export const CheckEntrySchema = z.object({
  id: z.string(),
  title: z.string(),
  stage: z.enum(STAGES),
  target: TargetSchema,
  required: z.boolean(),
  chapter: z.string(),
  action: z.boolean(),
  /** Only on this setup path; absent = every path. */
  path: z.enum(SETUP_PATHS).optional(),
  /** The latest stored verdict and when it was reached (ms since the epoch); absent when never run. */
  verdict: VerdictSchema.optional(),
  at: z.number().optional(),
});
export type CheckEntry = z.infer<typeof CheckEntrySchema>;

export const ChecksBodySchema = z.object({
  /** The reader's setup path: checks of the other path are not part of "run all". */
  path: z.enum(SETUP_PATHS),
  checks: z.array(CheckEntrySchema),
});
export type ChecksBody = z.infer<typeof ChecksBodySchema>;

/** The catalogue as entries without verdicts (what the dashboard lists before `/api/checks` answers). */
export function catalogueEntries(catalog: Readonly<Record<string, CheckMeta>>): CheckEntry[] {
  return Object.entries(catalog).map(([id, meta]) => ({
    id,
    title: meta.title,
    stage: meta.stage,
    target: meta.target,
    required: meta.required,
    chapter: meta.chapter,
    action: meta.action === true,
    ...(meta.path ? { path: meta.path } : {}),
  }));
}
