// Plain text of a chapter for the app's search: the text of each block (prose, headings, table
// cells, code), joined by spaces, without markup or frontmatter.
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';

const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'tableCell', 'code']);

export function searchText(tree: Root): string {
  const parts: string[] = [];
  visit(tree, (node) => {
    if (!TEXT_BLOCKS.has(node.type)) return undefined;
    parts.push(toString(node));
    return SKIP;
  });
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
