// Facts in chapters: `[[fact:NAME]]` in prose, tables, headings and display code blocks is
// replaced at build time by the value from protocol/guide-facts.ts, so that the chapter text
// and a check's title cannot disagree. Step commands stay literal (the runner executes exactly
// what the reader sees); where a step must contain a fact, STEP_LITERALS checks it instead.
import { factValue, GUIDE_FACTS, isGuideFactName, type GuideFactName } from '../../protocol/guide-facts';
import type { StepDecl } from '../../protocol/steps';
import { ContentError, contentErrorAt } from './content-error';

/** `[[fact:ocamlMinimum]]`: inert to MDX (no `<` or `{`), so it can sit in code spans and blocks too. */
export const FACT_PLACEHOLDER = /\[\[fact:([^\]\s]*)\]\]/g;

/** Line and column (1-based) of an offset in a text. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Every `[[fact:NAME]]` of a chapter's source replaced by its value. Throws a ContentError at the
 * placeholder for an unknown NAME. Replacements stay on their line, so line numbers are kept.
 */
export function substituteFacts(file: string, source: string): string {
  return source.replace(FACT_PLACEHOLDER, (whole: string, name: string, offset: number) => {
    if (!isGuideFactName(name)) {
      const at = positionOf(source, offset);
      throw new ContentError(
        file,
        at.line,
        at.column,
        `unknown fact "${whole}"; expected one of ${Object.keys(GUIDE_FACTS).join(', ')} (protocol/guide-facts.ts)`,
      );
    }
    return factValue(name);
  });
}

/** A fact a step command may contain literally, and the pattern that finds it (group 1 = the value). */
interface StepLiteral {
  readonly fact: GuideFactName;
  readonly pattern: RegExp;
}

export const STEP_LITERALS: readonly StepLiteral[] = [
  { fact: 'virtualboxPackage', pattern: /\b(virtualbox-\d+\.\d+)\b/g },
  { fact: 'ocamlSwitchVersion', pattern: /\bocaml-base-compiler\.(\d+\.\d+\.\d+)\b/g },
  { fact: 'consoleLogArgs', pattern: /XENCONSOLED_ARGS="([^"]*)"/g },
  { fact: 'xenDefaultsFile', pattern: /(\/etc\/default\/xen\w*)\b/g },
];

/**
 * Throws at the first `<Step>` whose body holds a `[[fact:…]]`: step commands stay literal (the
 * runner executes exactly what the reader sees). Runs on the raw source, before substitution.
 */
export function checkNoFactsInSteps(file: string, source: string): void {
  for (const block of source.matchAll(/<Step\b[\s\S]*?<\/Step>/g)) {
    const inner = new RegExp(FACT_PLACEHOLDER.source).exec(block[0]);
    if (!inner) continue;
    const at = positionOf(source, (block.index ?? 0) + inner.index);
    throw new ContentError(
      file,
      at.line,
      at.column,
      `a <Step> command contains ${inner[0]}; expected a literal command (the runner executes exactly what the reader sees): write the value, and add it to STEP_LITERALS in lib/content/facts.ts so the build checks it`,
    );
  }
}

/** Throws when a step's command holds a literal fact (STEP_LITERALS) that differs from the facts module. */
export function checkStepFacts(file: string, step: StepDecl): void {
  const at = { line: step.at.line, column: 1 };
  for (const { fact, pattern } of STEP_LITERALS) {
    for (const match of step.command.matchAll(pattern)) {
      const found = match[1] ?? '';
      if (found !== factValue(fact)) {
        throw contentErrorAt(
          file,
          at,
          `<Step id="${step.id}"> command says "${found}"; protocol/guide-facts.ts says ${fact} is "${factValue(fact)}" (${GUIDE_FACTS[fact].source}): update the step or the fact`,
        );
      }
    }
  }
}
