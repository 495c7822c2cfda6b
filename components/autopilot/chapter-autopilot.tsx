// "Run this chapter" under a chapter's title: only where the chapter has steps, and only when the
// companion server is there (a static build has nothing to run, and the print view never shows it).
import type { StepDecl } from '../../protocol/steps';
import { STATIC_MODE } from '../static-mode';
import { AutopilotLauncher } from './autopilot-launcher';

export interface ChapterAutopilotProps {
  readonly slug: string;
  readonly steps: readonly StepDecl[];
}

export function ChapterAutopilot({ slug, steps }: ChapterAutopilotProps) {
  if (STATIC_MODE || steps.length === 0) return null;
  return <AutopilotLauncher chapter={slug} stepIds={steps.map((s) => s.id)} />;
}
