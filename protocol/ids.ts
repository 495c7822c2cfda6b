// Branded ids: a step id, a check id and a run id are all strings, and must never be mixed up.
import { z } from 'zod';

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const StepIdSchema = z
  .string()
  .regex(ID_PATTERN, 'a step id is lowercase letters, digits and dashes')
  .brand<'StepId'>();
export type StepId = z.infer<typeof StepIdSchema>;

export const CheckIdSchema = z
  .string()
  .regex(ID_PATTERN, 'a check id is lowercase letters, digits and dashes')
  .brand<'CheckId'>();
export type CheckId = z.infer<typeof CheckIdSchema>;

export const RunIdSchema = z
  .string()
  .regex(/^run-[A-Za-z0-9_-]{8,64}$/)
  .brand<'RunId'>();
export type RunId = z.infer<typeof RunIdSchema>;

/** Where a command runs: the user's own machine, or the Xen dom0 reached over SSH. */
export const TargetSchema = z.enum(['host', 'dom0']);
export type Target = z.infer<typeof TargetSchema>;
