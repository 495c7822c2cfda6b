// A step's `params` prop: space-separated `name:kind` or `name:kind=default`, e.g. "dir:path name:name=hello".
import { ParamKinds, ParamKindSchema, ParamNameSchema, type ParamDecl } from '../../protocol/params';
import type { Result } from '../../protocol/result';

export type ParamsSpecResult = Result<readonly ParamDecl[]>;

const KINDS = Object.keys(ParamKinds).join(', ');

export function parseParamsSpec(spec: string): ParamsSpecResult {
  const params: ParamDecl[] = [];
  for (const token of spec.split(/\s+/).filter(Boolean)) {
    const match = /^([^:=]*):([^=]*)(?:=(.*))?$/.exec(token);
    if (!match) {
      return { ok: false, error: `parameter "${token}" is not name:kind; expected e.g. "dir:path" or "name:name=hello" (kinds: ${KINDS})` };
    }
    const [, name = '', kind = '', fallback] = match;
    if (!ParamNameSchema.safeParse(name).success) {
      return { ok: false, error: `parameter name "${name}" in "${token}" is not valid; expected lowercase letters, digits and _ starting with a letter` };
    }
    const parsedKind = ParamKindSchema.safeParse(kind);
    if (!parsedKind.success) {
      return { ok: false, error: `parameter "${name}" has unknown kind "${kind}"; expected one of ${KINDS}` };
    }
    if (params.some((p) => p.name === name)) {
      return { ok: false, error: `parameter "${name}" is declared twice; declare each parameter once` };
    }
    if (fallback !== undefined) {
      const check = ParamKinds[parsedKind.data].safeParse(fallback);
      if (!check.success) {
        return { ok: false, error: `default "${fallback}" of parameter "${name}" is not a valid ${kind}: ${check.error.issues[0]?.message ?? 'invalid'}` };
      }
      params.push({ name, kind: parsedKind.data, default: fallback });
    } else {
      params.push({ name, kind: parsedKind.data });
    }
  }
  return { ok: true, value: params };
}
