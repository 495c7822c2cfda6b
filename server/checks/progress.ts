// The latest verdict of each check, kept in <configDir>/progress.json, and the sidebar's chapter ticks.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CHECKS, type CheckMeta } from '../../protocol/check-catalog';
import { VerdictSchema, type Verdict } from '../../protocol/verdict';
import { configDir } from '../config/paths';
import { writeFileAtomic } from '../config/atomic-write';
import { isMet } from './engine';
import { errorMessage } from '../../protocol/result';

export type ChapterState = 'done' | 'partial' | 'none';

/** Per chapter: done when every one of its checks passed, partial when some did, none otherwise. */
export function chapterProgress(
  results: Readonly<Record<string, Verdict | undefined>>,
  catalog: Readonly<Record<string, CheckMeta>> = CHECKS,
): Record<string, ChapterState> {
  const byChapter = new Map<string, boolean[]>();
  for (const [id, meta] of Object.entries(catalog)) {
    const verdict = results[id];
    byChapter.set(meta.chapter, [...(byChapter.get(meta.chapter) ?? []), verdict !== undefined && isMet(verdict)]);
  }
  const out: Record<string, ChapterState> = {};
  for (const [chapter, met] of byChapter)
    out[chapter] = met.every(Boolean) ? 'done' : met.some(Boolean) ? 'partial' : 'none';
  return out;
}

const ProgressFileSchema = z.object({
  version: z.literal(1),
  checks: z.record(z.string(), z.object({ verdict: VerdictSchema, at: z.number() })),
});
export type ProgressFile = z.infer<typeof ProgressFileSchema>;

export function progressPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'progress.json');
}

/** The stored progress; a missing or unreadable file is empty progress (it is a cache of verdicts). */
export async function readProgress(file: string = progressPath()): Promise<ProgressFile> {
  try {
    const parsed = ProgressFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // absent or not JSON: start afresh
  }
  return { version: 1, checks: {} };
}

export function latestVerdicts(progress: ProgressFile): Record<string, Verdict> {
  return Object.fromEntries(Object.entries(progress.checks).map(([id, entry]) => [id, entry.verdict]));
}

/** Records verdicts as they arrive; writes are serialised so the file is never torn or reordered. */
export function createProgressRecorder(file: string, now: () => number = Date.now) {
  let chain: Promise<void> = Promise.resolve();
  return {
    record(id: string, verdict: Verdict): Promise<void> {
      chain = chain
        .then(async () => {
          const progress = await readProgress(file);
          progress.checks[id] = { verdict, at: now() };
          await writeFileAtomic(file, `${JSON.stringify(progress, null, 2)}\n`);
        })
        .catch((err: unknown) => {
          process.stderr.write(`onramp: could not save check progress to ${file}: ${errorMessage(err)}\n`);
        });
      return chain;
    },
    flushed(): Promise<void> {
      return chain;
    },
  };
}

/** The body of `GET /api/progress` as components/progress-ticks.tsx reads it. */
export async function progressBody(file: string = progressPath()): Promise<{ chapters: Record<string, ChapterState> }> {
  return { chapters: chapterProgress(latestVerdicts(await readProgress(file))) };
}
