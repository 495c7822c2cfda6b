// The setup path the reader chose (a path tab, the autopilot's path, the dashboard): kept in
// setup-path.json beside dom0.json (0600, atomic), read again at every use so a choice made in
// one tab holds in every other tab, after a reload and after a restart of `onramp serve`.
import { join } from 'node:path';
import { z } from 'zod';
import { SETUP_PATHS, type SetupPath } from '../../protocol/check-catalog';
import { writeFileAtomic } from './atomic-write';
import { readJsonStateFile } from './json-state-file';
import { configDir } from './paths';

const ChoiceSchema = z.strictObject({
  path: z.enum(SETUP_PATHS),
  /** When it was chosen (ISO 8601). */
  chosenAt: z.string(),
});

export type SetupPathChoice = z.infer<typeof ChoiceSchema>;

export function setupPathChoiceFile(dir: string = configDir()): string {
  return join(dir, 'setup-path.json');
}

/** The stored choice, or null when the reader never chose; throws (naming the file and the fix) for a damaged file. */
export async function readSetupPathChoice(file: string = setupPathChoiceFile()): Promise<SetupPathChoice | null> {
  return readJsonStateFile(
    file,
    ChoiceSchema,
    (issue) =>
      `${file} is not a setup path choice (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}); expected {"path": one of ${SETUP_PATHS.join(', ')}}; choose the path again in the guide or delete the file`,
  );
}

/** Remember `path` as the reader's choice. */
export async function writeSetupPathChoice(
  path: SetupPath,
  file: string = setupPathChoiceFile(),
  now: Date = new Date(),
): Promise<SetupPathChoice> {
  const choice: SetupPathChoice = { path, chosenAt: now.toISOString() };
  await writeFileAtomic(file, `${JSON.stringify(choice, null, 2)}\n`, 0o600);
  return choice;
}
