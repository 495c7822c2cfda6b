// The result of one check: a discriminated union, never a boolean plus optional fields.
import { z } from 'zod';

export const FixSchema = z.object({
  /** What to do, in one sentence. */
  summary: z.string(),
  /** Commands the user can run (shown, never run automatically). */
  commands: z.array(z.string()),
  /** The guide section that explains this failure, e.g. "/guide/troubleshooting#opam-too-old". */
  link: z.string(),
});
export type Fix = z.infer<typeof FixSchema>;

export const VerdictSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('passed'), found: z.string(), detail: z.string().optional() }),
  z.object({
    status: z.literal('failed'),
    reason: z.string(),
    found: z.string(),
    expected: z.string(),
    fix: FixSchema,
  }),
  z.object({
    status: z.literal('warning'),
    reason: z.string(),
    found: z.string(),
    expected: z.string(),
    fix: FixSchema,
  }),
  z.object({ status: z.literal('skipped'), reason: z.string(), prerequisite: z.string() }),
  z.object({ status: z.literal('error'), reason: z.string(), fix: FixSchema.optional() }),
]);
export type Verdict = z.infer<typeof VerdictSchema>;
export type VerdictStatus = Verdict['status'];
