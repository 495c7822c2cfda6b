// The dom0 targets Onramp used before the current one (dom0-previous.json, 0600, atomic), newest
// first: replacing dom0.json (the Settings page, `onramp machine create`, `--use-as-dom0`) keeps
// the target it replaces here, so the Settings page can switch back to it.
import { join } from 'node:path';
import { z } from 'zod';
import { Dom0TargetSchema, type Dom0Target } from '../../protocol/socket-dom0';
import { writeFileAtomic } from './atomic-write';
import { dom0TargetPath, loadDom0Target, saveDom0Target } from './dom0-target';
import { readJsonStateFile } from './json-state-file';
import { configDir } from './paths';

/** How many earlier targets are kept. */
export const PREVIOUS_TARGETS_KEPT = 5;

const HistorySchema = z.strictObject({ version: z.literal(1), targets: z.array(Dom0TargetSchema) });

export function dom0HistoryPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'dom0-previous.json');
}

/** Two settings name the same dom0 login (same address, user, login method and jump host). */
export function sameDom0Target(a: Dom0Target, b: Dom0Target): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(t: Dom0Target): unknown {
  return [t.host, t.port, t.user, t.auth.kind, t.auth.kind === 'key' ? t.auth.path : '', t.proxyJump ?? ''];
}

/** The list after `replaced` left dom0.json: newest first, no duplicates, at most `kept`. Pure. */
export function withPrevious(
  list: readonly Dom0Target[],
  replaced: Dom0Target,
  kept = PREVIOUS_TARGETS_KEPT,
): Dom0Target[] {
  return [replaced, ...list.filter((t) => !sameDom0Target(t, replaced))].slice(0, kept);
}

export async function loadPreviousTargets(path: string = dom0HistoryPath()): Promise<Dom0Target[]> {
  const history = await readJsonStateFile(
    path,
    HistorySchema,
    (issue) =>
      `${path} is not a valid list of earlier dom0 targets (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}); fix or delete the file`,
  );
  return history?.targets ?? [];
}

export interface Dom0Paths {
  readonly target: string;
  readonly history: string;
}

/**
 * Write `target` to dom0.json, keeping the target it replaces (if different, and unless `keep`
 * says it is only an older form of the same machine) in the history; the new target leaves the
 * history. Returns the target kept, or null.
 */
export async function replaceDom0Target(
  target: Dom0Target,
  paths: Dom0Paths = { target: dom0TargetPath(), history: dom0HistoryPath() },
  keep: (replaced: Dom0Target) => boolean = () => true,
): Promise<Dom0Target | null> {
  const current = await loadDom0Target(paths.target);
  const earlier = (await loadPreviousTargets(paths.history)).filter((t) => !sameDom0Target(t, target));
  const replaced = current && !sameDom0Target(current, target) && keep(current) ? current : null;
  const list = replaced ? withPrevious(earlier, replaced) : earlier;
  await writeFileAtomic(paths.history, `${JSON.stringify({ version: 1, targets: list }, null, 2)}\n`, 0o600);
  await saveDom0Target(target, paths.target);
  return replaced;
}
