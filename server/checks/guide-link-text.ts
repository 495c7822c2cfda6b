// What `onramp doctor` prints for a fix's guide link. The link is a site path
// (/guide/<chapter>#<section>), which a reader cannot open as it is: it becomes the URL of that
// chapter on Onramp's server (the guide pages need no token), and the chapter's file to read
// when no server runs.

export interface GuideLinkPlace {
  /** The server's origin, e.g. http://127.0.0.1:7878; undefined when the port is not known (PORT=0). */
  readonly origin: string | undefined;
  /** The chapter's source file for a chapter slug (e.g. content/opam.mdx), or undefined when there is none. */
  chapterFile(slug: string): string | undefined;
}

/**
 * "http://127.0.0.1:7878/guide/opam#install-opam (while `onramp serve` runs; or read content/opam.mdx,
 * section install-opam)". A link that is not a /guide/ path is returned as it is.
 */
export function guideLinkText(link: string, place: GuideLinkPlace): string {
  const m = /^\/guide\/([a-z0-9-]+)(?:#([A-Za-z0-9_-]+))?$/.exec(link);
  if (!m?.[1]) return link;
  const slug = m[1];
  const section = m[2];
  const file = place.chapterFile(slug);
  const read = file === undefined ? undefined : `read ${file}${section ? `, section "${section}"` : ''}`;
  if (place.origin === undefined) return read ?? link;
  const url = `${place.origin}${link}`;
  return read === undefined ? `${url} (while onramp serve runs)` : `${url} (while onramp serve runs; or ${read})`;
}
