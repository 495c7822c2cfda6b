// <Check id="..." />: the id must be in the check catalogue (protocol/check-catalog.ts).
import { CHECKS, isKnownCheck } from '../../protocol/check-catalog';
import { CheckIdSchema } from '../../protocol/ids';
import type { CheckUse } from '../../protocol/steps';
import { contentErrorAt } from './content-error';
import { readLiteralProps, stringProp, type JsxElement } from './jsx-props';

export function extractCheck(file: string, chapter: string, element: JsxElement): CheckUse {
  const props = readLiteralProps(file, element, { id: 'string' });
  const id = stringProp(props, 'id');
  if (id === undefined) {
    throw contentErrorAt(file, element.position, '<Check> has no id; expected <Check id="opam-version" /> with an id from protocol/check-catalog.ts');
  }
  const at = props.get('id')?.position ?? element.position;
  const parsed = CheckIdSchema.safeParse(id);
  if (!parsed.success || !isKnownCheck(id)) {
    const known = Object.keys(CHECKS).join(', ');
    throw contentErrorAt(file, at, `<Check> id "${id}" is not a known check; expected one of ${known} (add new checks to protocol/check-catalog.ts)`);
  }
  const child = element.children[0];
  if (child !== undefined) {
    throw contentErrorAt(file, child.position, `<Check id="${id}"> has children; expected a self-closing <Check id="${id}" />`);
  }
  return { id: parsed.data, chapter, at: { file, line: element.position?.start.line ?? 1 } };
}
