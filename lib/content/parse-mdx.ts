// Parse a chapter into an mdast tree with positions, using the same syntax extensions as the
// app's renderer (mdx-options.ts); MDX syntax errors become ContentErrors at their position.
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { ContentError } from './content-error';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkMdx).use(remarkGfm).freeze();

interface SyntaxMessage {
  readonly reason: string;
  readonly line?: number | null;
  readonly column?: number | null;
}

function isSyntaxMessage(err: unknown): err is SyntaxMessage {
  return typeof err === 'object' && err !== null && typeof (err as { reason?: unknown }).reason === 'string';
}

export function parseMdx(file: string, source: string): Root {
  try {
    return parser.parse(source);
  } catch (err) {
    if (!isSyntaxMessage(err)) throw err;
    const hint = /before name|in name|Unexpected character/.test(err.reason) && !err.reason.includes('(note:')
      ? ' (a literal "<" or "{" in prose must be escaped as \\< or \\{, or written inside `code`)'
      : '';
    // Some messages (an unclosed tag) carry their place only inside the reason: "(8:1-8:28)".
    const inReason = /\((\d+):(\d+)-\d+:\d+\)/.exec(err.reason);
    const line = err.line ?? (inReason ? Number(inReason[1]) : 1);
    const column = err.column ?? (inReason ? Number(inReason[2]) : undefined);
    throw new ContentError(file, line, column, `MDX syntax error: ${err.reason}${hint}`);
  }
}
