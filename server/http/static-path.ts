// Which files of the static export a request path may name: decided before any file is touched.
import { err, ok, type Result } from '../../protocol/result';

/** Success holds the candidate files in the order to try; failure says why the path is refused. */
export type StaticLookup = Result<readonly string[]>;

/**
 * `/guide/opam` → `guide/opam`, `guide/opam.html`, `guide/opam/index.html`; `/` → `index.html`.
 * Refuses encodings that could leave the app dir: `..`, `%2e%2e`, backslashes, NUL, dot files.
 */
export function staticCandidates(rawPath: string): StaticLookup {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return err('the path is not valid percent-encoding');
  }
  if (!decoded.startsWith('/')) return err('the path must start with /');
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) return err('the path contains a control character or a backslash');
  const segments = decoded.split('/').slice(1);
  const trailingSlash = segments.at(-1) === '';
  const parts = trailingSlash ? segments.slice(0, -1) : segments;
  for (const part of parts) {
    if (part === '') return err('the path contains an empty segment (//)');
    if (part.startsWith('.')) return err('the path names a dot file or a parent directory');
  }
  const base = parts.join('/');
  if (base === '') return ok(['index.html']);
  if (trailingSlash) return ok([`${base}/index.html`, `${base}.html`]);
  return ok([base, `${base}.html`, `${base}/index.html`]);
}
