// Chapter frontmatter: a zod schema, and errors that name the field and the line it is on.
import { isMap, isScalar, LineCounter, parseDocument, type Pair } from 'yaml';
import { z } from 'zod';
import { STAGES } from '../../protocol/check-catalog';
import { ContentError } from './content-error';

export const CHAPTER_STAGES = [...STAGES, 'intro', 'reference'] as const;

export const FrontmatterSchema = z.strictObject({
  title: z.string().min(1),
  order: z.number().int().min(0),
  stage: z.enum(CHAPTER_STAGES),
  summary: z.string().min(1),
  /** Upstream sources of the chapter's facts: repository + path + version, or release notes. */
  sources: z.array(z.string().min(1)).min(1).optional(),
});
export type Frontmatter = z.infer<typeof FrontmatterSchema>;

/** Where the frontmatter sits in the file: its YAML text and the file line of that text's first line. */
export interface FrontmatterBlock {
  readonly yaml: string;
  readonly firstLine: number;
}

const EXAMPLE = 'title: Install opam\norder: 1\nstage: opam\nsummary: One sentence';

export function parseFrontmatter(file: string, block: FrontmatterBlock | undefined): Frontmatter {
  if (block === undefined) {
    throw new ContentError(file, 1, 1, `no frontmatter found; expected the file to start with a --- block:\n---\n${EXAMPLE}\n---`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(block.yaml, { lineCounter: lines, prettyErrors: false });
  const fileLine = (offset: number) => {
    const pos = lines.linePos(offset);
    return { line: block.firstLine + pos.line - 1, column: pos.col };
  };
  const yamlError = doc.errors[0];
  if (yamlError) {
    const at = fileLine(yamlError.pos[0]);
    throw new ContentError(file, at.line, at.column, `frontmatter is not valid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS();
  const result = FrontmatterSchema.safeParse(data ?? {});
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  const key = issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path[0];
  const field = typeof key === 'string' ? key : undefined;
  const pair = field === undefined ? undefined : findPair(doc.contents, field);
  const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
  const at = range ? fileLine(range[0]) : { line: block.firstLine - 1, column: 1 };
  throw new ContentError(file, at.line, at.column, describeIssue(field, issue, data));
}

function findPair(contents: unknown, field: string): Pair | undefined {
  if (!isMap(contents)) return undefined;
  return contents.items.find((p) => isScalar(p.key) && p.key.value === field);
}

function describeIssue(field: string | undefined, issue: z.core.$ZodIssue | undefined, data: unknown): string {
  const expected: Record<string, string> = {
    title: 'a non-empty string',
    order: 'an integer 0 or greater (chapters are sorted by it)',
    stage: `one of ${CHAPTER_STAGES.join(', ')}`,
    summary: 'a non-empty one-sentence string',
    sources: 'a non-empty list of sources (repository + path + version, or release notes), one string each',
  };
  if (issue?.code === 'unrecognized_keys') {
    return `frontmatter field "${field}" is not known; expected only title, order, stage, summary, sources (remove it or fix its spelling)`;
  }
  if (field === undefined) return `frontmatter must be a YAML mapping of title, order, stage, summary (and optionally sources)`;
  const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[field] : undefined;
  if (value === undefined) return `frontmatter field "${field}" is missing; expected ${expected[field] ?? 'a value'}`;
  return `frontmatter field "${field}" is ${JSON.stringify(value)}; expected ${expected[field] ?? issue?.message ?? 'another value'}`;
}
