// Read a JSON state file that may not exist yet: null when it is missing, the parsed value when
// its schema accepts it, and the caller's message (naming the file and the fix) when it does not.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

export async function readJsonStateFile<T>(
  path: string,
  schema: z.ZodType<T>,
  invalid: (issue: z.core.$ZodIssue | undefined) => string,
): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(invalid(parsed.error.issues[0]));
  return parsed.data;
}
