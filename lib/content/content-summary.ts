// The line `npm run content` ends with. A check can be placed in more than one chapter (xen-running
// is in two), so the count of checks is of distinct ids, the number the dashboard lists; the
// placements are said apart.
import type { StepRegistry } from '../../protocol/steps';

/** "content: 12 chapters, 70 steps, 24 checks (25 check boxes in chapters)". */
export function contentSummaryLine(chapterCount: number, registry: StepRegistry): string {
  const distinct = new Set(registry.checks.map((c) => c.id)).size;
  const placed = registry.checks.length;
  const boxes = placed === distinct ? '' : ` (${placed} check boxes in chapters: a check can be in more than one)`;
  return `content: ${chapterCount} chapters, ${registry.steps.length} steps, ${distinct} checks${boxes}`;
}
