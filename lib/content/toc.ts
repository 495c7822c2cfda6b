// Heading ids and the table of contents. Ids come from github-slugger over every heading in
// document order: the same ids rehype-slug gives the rendered headings, so TOC links resolve.
import GithubSlugger from 'github-slugger';
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';

export interface TocEntry {
  depth: 2 | 3;
  id: string;
  text: string;
}

export function tableOfContents(tree: Root): TocEntry[] {
  const slugger = new GithubSlugger();
  const toc: TocEntry[] = [];
  visit(tree, 'heading', (heading: Heading) => {
    const text = toString(heading);
    const id = slugger.slug(text);
    if (heading.depth === 2 || heading.depth === 3) toc.push({ depth: heading.depth, id, text });
  });
  return toc;
}
