// Read a compose file: YAML with positions (yaml's parseDocument + LineCounter), then the zod
// schema and the cross-references; every problem names the file, line and field.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve, dirname } from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import { ComposeFileSchema, type ComposeFile } from './schema';
import { referenceProblems } from './references';
import type { Result } from '../../protocol/result';

export interface ComposeProblem {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** A validated compose file with its paths made absolute, where it was read from and its folder. */
export interface ComposeSource {
  readonly file: ComposeFile;
  readonly path: string;
  readonly dir: string;
}

export type LoadedCompose = Result<ComposeSource, readonly ComposeProblem[]>;

export function formatProblem(p: ComposeProblem): string {
  return `${p.file}:${p.line}: ${p.field || '(top level)'}: ${p.message}`;
}

/** The line of the deepest existing node on the path; for a map entry, the line of its key. */
function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const key = path[n - 1];
    const parent = n === 0 ? undefined : n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1) as unknown[], true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (pair && isNode(pair.key) && pair.key.range) return counter.linePos(pair.key.range[0]).line;
    }
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return 1;
}

/** Parse compose text; `file` is only used in messages and to resolve relative paths. */
export function parseComposeText(text: string, file: string): LoadedCompose {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      error: doc.errors.map((e) => ({
        file,
        line: counter.linePos(e.pos[0]).line,
        field: '',
        message: `YAML: ${e.message.split('\n')[0] ?? e.code}`,
      })),
    };
  }
  const parsed = ComposeFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      error: parsed.error.issues.map((issue) => {
        // point an unknown key at its own line, not at the map that holds it
        const path =
          issue.code === 'unrecognized_keys' && issue.keys.length === 1
            ? [...issue.path, issue.keys[0] as string]
            : issue.path;
        return { file, line: lineOf(doc, counter, path), field: path.map(String).join('.'), message: issue.message };
      }),
    };
  }
  const refs = referenceProblems(parsed.data);
  if (refs.length > 0) {
    return {
      ok: false,
      error: refs.map((r) => ({
        file,
        line: lineOf(doc, counter, r.path),
        field: r.path.join('.'),
        message: r.message,
      })),
    };
  }
  const dir = dirname(resolve(file));
  return { ok: true, value: { file: withAbsolutePaths(parsed.data, dir), path: resolve(file), dir } };
}

function withAbsolutePaths(f: ComposeFile, dir: string): ComposeFile {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  const services = Object.fromEntries(
    Object.entries(f.services).map(([n, s]) => [
      n,
      {
        ...s,
        ...(s.build !== undefined ? { build: abs(s.build) } : {}),
        ...(s.kernel !== undefined ? { kernel: abs(s.kernel) } : {}),
        ...(s.ramdisk !== undefined ? { ramdisk: abs(s.ramdisk) } : {}),
      },
    ]),
  );
  return { ...f, services };
}

export async function loadComposeFile(path: string): Promise<LoadedCompose> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error: [
        {
          file: path,
          line: 1,
          field: '',
          message: code === 'ENOENT' ? 'no such file: write an onramp-compose.yaml here or pass -f FILE' : String(err),
        },
      ],
    };
  }
  return parseComposeText(text, path);
}
