// Which files a request path may reach: traversal in every encoding is refused before any I/O.
import { describe, expect, it } from 'vitest';
import { staticCandidates } from '../../server/http/static-path';

describe('static path candidates', () => {
  it.each([
    ['/', ['index.html']],
    ['/guide/opam', ['guide/opam', 'guide/opam.html', 'guide/opam/index.html']],
    ['/guide/', ['guide/index.html', 'guide.html']],
    [
      '/_next/static/chunks/a.js',
      ['_next/static/chunks/a.js', '_next/static/chunks/a.js.html', '_next/static/chunks/a.js/index.html'],
    ],
    ['/a%20b', ['a b', 'a b.html', 'a b/index.html']],
  ])('%s → %j', (path, candidates) => {
    expect(staticCandidates(path)).toEqual({ ok: true, value: candidates });
  });
  it.each([
    '/../etc/passwd',
    '/guide/../../etc/passwd',
    '/%2e%2e/etc/passwd',
    '/%2E%2E%2Fetc%2Fpasswd',
    '/guide/%2e%2e%2f%2e%2e%2fetc/passwd',
    '/..%5c..%5cetc%5cpasswd',
    '/a\\..\\b',
    '/index.html%00.txt',
    '/a%0a',
    '/.env',
    '/.sources-hash',
    '/%',
    '/%zz',
    '//etc/passwd',
    'etc/passwd',
  ])('refuses %j', (path) => {
    expect(staticCandidates(path).ok).toBe(false);
  });
});
