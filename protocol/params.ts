// Step parameters: a small, closed set of value kinds. A value reaches the command only as an
// environment variable (ONRAMP_<NAME>), never as shell text, and is checked against its kind first.
import { z } from 'zod';
import type { Result } from './result';

const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

export const ParamKinds = {
  /** A file system path: printable, no control characters (no newline, no NUL). */
  path: z.string().min(1).max(4096).refine(noControl, 'a path has no control characters'),
  /** A network interface or bridge name as Linux accepts it. */
  ifname: z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, 'an interface name is 1-15 letters, digits, _ . -'),
  /** A host name or IPv4/IPv6 literal. */
  host: z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/, 'a host is letters, digits, dots, colons and dashes'),
  /** A Xen domain or project name. */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a name is lowercase letters, digits, _ and -'),
  /** A non-negative integer. */
  int: z.string().regex(/^[0-9]{1,9}$/, 'an integer is 1-9 digits'),
  /** A line of free text (shown or logged, never executed). */
  text: z.string().max(1024).refine(noControl, 'text has no control characters'),
} as const;

export type ParamKind = keyof typeof ParamKinds;
export const ParamKindSchema = z.enum(Object.keys(ParamKinds) as [ParamKind, ...ParamKind[]]);

/** A parameter's name: it becomes the environment variable ONRAMP_<NAME upper-cased>. */
export const ParamNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'a parameter name is lowercase letters, digits and _');

export interface ParamDecl {
  readonly name: string;
  readonly kind: ParamKind;
  /** The value used when the client sends none; absent means the parameter is required. */
  readonly default?: string;
}

export function paramEnvName(name: string): string {
  return `ONRAMP_${name.toUpperCase()}`;
}

/** Success holds the environment the values become (ONRAMP_NAME=value). */
export type ParamCheck = Result<Readonly<Record<string, string>>>;

/** Check client-sent values against a step's declared parameters; unknown names are refused. */
export function checkParams(decls: readonly ParamDecl[], values: unknown): ParamCheck {
  const parsed = z.record(z.string(), z.string()).safeParse(values ?? {});
  if (!parsed.success) return { ok: false, error: 'parameters must be an object of strings' };
  const known = new Set(decls.map((d) => d.name));
  for (const key of Object.keys(parsed.data)) {
    if (!known.has(key)) return { ok: false, error: `unknown parameter "${key}"` };
  }
  const env: Record<string, string> = {};
  for (const decl of decls) {
    const value = parsed.data[decl.name] ?? decl.default;
    if (value === undefined) return { ok: false, error: `parameter "${decl.name}" is required` };
    const result = ParamKinds[decl.kind].safeParse(value);
    if (!result.success) {
      return { ok: false, error: `parameter "${decl.name}": ${result.error.issues[0]?.message ?? 'invalid'}` };
    }
    env[paramEnvName(decl.name)] = value;
  }
  return { ok: true, value: env };
}
