// Literal JSX props: Step and Check props are read at build time, so every prop must be a literal
// string (or a bare flag like `root`); expressions, spreads and unknown props fail with a position.
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx';
import type { Position } from 'unist';
import { contentErrorAt } from './content-error';

export type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** `string`: written as name="value"; `flag`: written bare, as `root`. */
export type PropKind = 'string' | 'flag';

export interface LiteralProp {
  readonly value: string | true;
  readonly position: Position | undefined;
}

export function readLiteralProps(
  file: string,
  element: JsxElement,
  allowed: Readonly<Record<string, PropKind>>,
): Map<string, LiteralProp> {
  const tag = `<${element.name ?? ''}>`;
  const names = Object.keys(allowed).join(', ');
  const props = new Map<string, LiteralProp>();
  for (const attr of element.attributes) {
    if (attr.type === 'mdxJsxExpressionAttribute') {
      throw contentErrorAt(file, attr.position, `${tag} has a spread prop {${attr.value}}; expected only literal props (${names || 'none'})`);
    }
    const kind = allowed[attr.name];
    if (kind === undefined) {
      const expected = names === '' ? `${tag} takes no props` : `expected only ${names}`;
      throw contentErrorAt(file, attr.position, `${tag} has unknown prop "${attr.name}"; ${expected}`);
    }
    if (props.has(attr.name)) {
      throw contentErrorAt(file, attr.position, `${tag} has prop "${attr.name}" twice; write it once`);
    }
    const value = attr.value;
    if (value !== null && typeof value === 'object') {
      const literal = kind === 'flag' ? `the bare flag ${attr.name}` : `a literal, e.g. ${attr.name}="..."`;
      throw contentErrorAt(file, attr.position, `${tag} prop "${attr.name}" is an expression {${value.value}}; expected ${literal} (props are read at build time)`);
    }
    if (kind === 'flag' && value !== null) {
      throw contentErrorAt(file, attr.position, `${tag} prop "${attr.name}" is a flag; write it bare (${attr.name}) or leave it out, not ${attr.name}="${value}"`);
    }
    if (kind === 'string' && value === null) {
      throw contentErrorAt(file, attr.position, `${tag} prop "${attr.name}" has no value; expected ${attr.name}="..."`);
    }
    props.set(attr.name, { value: value ?? true, position: attr.position });
  }
  return props;
}

/** A string prop's value, or undefined when absent (readLiteralProps already checked its kind). */
export function stringProp(props: Map<string, LiteralProp>, name: string): string | undefined {
  const value = props.get(name)?.value;
  return typeof value === 'string' ? value : undefined;
}
