// onramp doctor's guide line: a URL the reader can open and the chapter's file, never a bare site path.
import { describe, expect, it } from 'vitest';
import { guideLinkText } from '../../server/checks/guide-link-text';

const files: Record<string, string> = { opam: '/src/onramp/content/opam.mdx' };
const chapterFile = (slug: string) => files[slug];

describe('guideLinkText', () => {
  it('the chapter on the server, and its file with the section', () => {
    expect(guideLinkText('/guide/opam#install-opam', { origin: 'http://127.0.0.1:7878', chapterFile })).toBe(
      'http://127.0.0.1:7878/guide/opam#install-opam (while onramp serve runs; or read /src/onramp/content/opam.mdx, section "install-opam")',
    );
  });

  it('no known port (PORT=0): the file alone', () => {
    expect(guideLinkText('/guide/opam', { origin: undefined, chapterFile })).toBe('read /src/onramp/content/opam.mdx');
  });

  it('a chapter without a file here: the URL alone', () => {
    expect(guideLinkText('/guide/xen#boot', { origin: 'http://127.0.0.1:9000', chapterFile })).toBe(
      'http://127.0.0.1:9000/guide/xen#boot (while onramp serve runs)',
    );
  });

  it('anything else is left as it is', () => {
    expect(guideLinkText('https://xenproject.org/', { origin: 'http://127.0.0.1:7878', chapterFile })).toBe(
      'https://xenproject.org/',
    );
  });
});
