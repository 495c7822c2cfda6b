// Serves the Next.js static export from the app dir: resolves candidates, never leaves the dir,
// and gives each HTML page a CSP carrying the hashes of its own inline scripts.
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { contentSecurityPolicy, inlineScriptHashes } from './csp';
import { cacheControlFor, contentTypeFor } from './content-type';
import { securityHeaders } from './security-headers';
import { staticCandidates } from './static-path';

interface Found {
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export class StaticSite {
  private readonly cspCache = new Map<string, { readonly mtimeMs: number; readonly csp: string }>();
  private rootReal: string | undefined;

  constructor(readonly appDir: string) {}

  /** Serve `urlPath` (raw, still percent-encoded); `/404.html` with status 404 when nothing matches. */
  async serve(urlPath: string, method: string, res: ServerResponse): Promise<void> {
    const lookup = staticCandidates(urlPath);
    const found = lookup.ok ? await this.firstFile(lookup.value) : undefined;
    if (found) return this.send(found, urlPath, 200, method, res);
    const notFound = await this.firstFile(['404.html']);
    if (notFound) return this.send(notFound, urlPath, 404, method, res);
    res.writeHead(404, {
      ...securityHeaders(),
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(method === 'HEAD' ? undefined : 'Not found\n');
  }

  private async firstFile(candidates: readonly string[]): Promise<Found | undefined> {
    this.rootReal ??= await realpath(this.appDir);
    for (const candidate of candidates) {
      try {
        const real = await realpath(join(this.rootReal, candidate));
        if (!real.startsWith(this.rootReal + sep)) continue;
        const info = await stat(real);
        if (info.isFile()) return { file: real, size: info.size, mtimeMs: info.mtimeMs };
      } catch {
        // not there: try the next candidate
      }
    }
    return undefined;
  }

  private async send(
    found: Found,
    urlPath: string,
    status: number,
    method: string,
    res: ServerResponse,
  ): Promise<void> {
    const isHtml = found.file.endsWith('.html');
    const body = isHtml ? await readFile(found.file) : undefined;
    const csp = body ? this.cspFor(found, body.toString('utf8')) : contentSecurityPolicy();
    res.writeHead(status, {
      ...securityHeaders(csp),
      'Content-Type': contentTypeFor(found.file),
      'Cache-Control': cacheControlFor(urlPath, found.file),
      'Content-Length': String(body ? body.length : found.size),
    });
    if (method === 'HEAD') return void res.end();
    if (body) return void res.end(body);
    const stream = createReadStream(found.file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  private cspFor(found: Found, html: string): string {
    const cached = this.cspCache.get(found.file);
    if (cached && cached.mtimeMs === found.mtimeMs) return cached.csp;
    const csp = contentSecurityPolicy(inlineScriptHashes(html));
    this.cspCache.set(found.file, { mtimeMs: found.mtimeMs, csp });
    return csp;
  }
}
