// Which <Tabs>/<Tab> a step or check sits in: each chapter's <Tabs> are numbered in reading order
// (0-based) and each <Tab> is a range of source offsets. Pure; props were checked by
// layout-components.ts. Nested <Tabs> are refused: the autopilot chooses one tab per group.
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { SETUP_PATHS, type SetupPath } from '../../protocol/check-catalog';
import type { TabPlace } from '../../protocol/steps';
import { contentErrorAt } from './content-error';
import type { JsxElement } from './jsx-props';

interface TabRange {
  readonly place: TabPlace;
  readonly start: number;
  readonly end: number;
}

function isElement(node: { type: string }): node is JsxElement {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

function attr(element: JsxElement, name: string): string | undefined {
  for (const a of element.attributes) {
    if (a.type === 'mdxJsxAttribute' && a.name === name && typeof a.value === 'string') return a.value;
  }
  return undefined;
}

/** The tab ranges of a chapter; `placeAt(offset)` answers the tab holding that source offset, if any. */
export function tabPlaces(file: string, tree: Root): { placeAt(offset: number | undefined): TabPlace | undefined } {
  const ranges: TabRange[] = [];
  let group = 0;
  visit(tree, (node) => {
    if (!isElement(node) || node.name !== 'Tabs') return undefined;
    const outer = ranges.find(
      (r) => (node.position?.start.offset ?? -1) >= r.start && (node.position?.start.offset ?? -1) < r.end,
    );
    if (outer) {
      throw contentErrorAt(file, node.position, `<Tabs> inside <Tab label="${outer.place.label}">; expected tabs side by side, never nested (the autopilot chooses one tab per group)`);
    }
    const paths = new Set<SetupPath>();
    for (const child of node.children) {
      if (!isElement(child) || child.name !== 'Tab') continue;
      const label = attr(child, 'label') ?? '';
      const path = attr(child, 'path') as SetupPath | undefined;
      if (path !== undefined) {
        if (paths.has(path)) {
          throw contentErrorAt(file, child.position, `two tabs of one <Tabs> have path="${path}"; expected each path (${SETUP_PATHS.join(', ')}) at most once per group`);
        }
        paths.add(path);
      }
      const start = child.position?.start.offset;
      const end = child.position?.end.offset;
      if (start === undefined || end === undefined) continue;
      ranges.push({ place: path === undefined ? { group, label } : { group, label, path }, start, end });
    }
    group += 1;
    return undefined;
  });
  return {
    placeAt(offset) {
      if (offset === undefined) return undefined;
      return ranges.find((r) => offset >= r.start && offset < r.end)?.place;
    },
  };
}
