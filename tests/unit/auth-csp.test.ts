// The CSP: inline scripts are allowed by their exact SHA-256, and nothing else inline runs.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inlineScriptHashes } from '../../server/http/csp';

const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

describe('inline script hashes', () => {
  it('hashes each inline script body exactly, skips scripts with src, dedupes', () => {
    const a = '(self.__next_f=self.__next_f||[]).push([0])';
    const b = 'self.__next_f.push([1,"x\\n"])';
    const html = `<html><head><script src="/_next/a.js" async=""></script></head><body>
<script id="_R_">${a}</script><script>${b}</script><SCRIPT type="module">${a}</SCRIPT></body></html>`;
    expect(inlineScriptHashes(html)).toEqual([sha(a), sha(b)]);
  });
  it('finds none in a page without inline scripts', () => {
    expect(inlineScriptHashes('<p>hi</p><script src="/x.js"></script>')).toEqual([]);
  });
  it('hashes non-ASCII text as UTF-8, as browsers do', () => {
    expect(inlineScriptHashes('<script>"é"</script>')).toEqual([sha('"é"')]);
  });
});

describe('policy', () => {
  it('is the documented policy with the hashes in script-src', () => {
    expect(contentSecurityPolicy(["'sha256-AAA='"])).toBe(
      "default-src 'self'; script-src 'self' 'sha256-AAA='; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
    );
  });
  it("never allows 'unsafe-inline' or 'unsafe-eval' for scripts", () => {
    const scriptSrc = contentSecurityPolicy([])
      .split('; ')
      .find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
  });
});
