// Which Debian packages a chapter's dom0 steps install, read from their command text: the plain
// lab image's apt repository must hold exactly these (lab/plain/guide-packages.txt).
import type { StepDecl } from '../../../protocol/steps';

/** The chapters whose dom0 steps the plain lab machine runs (Xen in dom0, dom0 networking). */
export const PLAIN_LAB_CHAPTERS = ['xen', 'dom0'] as const;

/**
 * Package names after `apt-get install` / `apt install` (options such as `-y` skipped) in the
 * dom0 steps of `chapters`, in order of appearance, without duplicates. Pure.
 */
export function aptPackagesOfSteps(steps: readonly StepDecl[], chapters: readonly string[]): string[] {
  const found: string[] = [];
  for (const step of steps) {
    if (step.target !== 'dom0' || !chapters.includes(step.chapter)) continue;
    for (const m of step.command.matchAll(/\bapt(?:-get)?\s+install\s+([^&|;\n]*)/g)) {
      for (const word of (m[1] ?? '').trim().split(/\s+/)) {
        if (word !== '' && !word.startsWith('-') && !found.includes(word)) found.push(word);
      }
    }
  }
  return found;
}
