// First-load JavaScript of a page in a static export: the scripts its HTML references, raw and gzip.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FirstLoad {
  readonly scripts: number;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export function firstLoadJs(distDir: string, htmlFile: string): FirstLoad {
  const html = readFileSync(join(distDir, htmlFile), 'utf8');
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) srcs.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="(?:modulepreload|preload)"[^>]*href="([^"]+\.js)"/g)) srcs.add(m[1]!);
  let bytes = 0;
  let gzipBytes = 0;
  let inline = '';
  for (const m of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) inline += m[1];
  for (const src of srcs) {
    const path = join(distDir, src.replace(/^\//, '').split('?')[0]!);
    if (!existsSync(path)) continue;
    const body = readFileSync(path);
    bytes += body.length;
    gzipBytes += gzipSync(body).length;
  }
  bytes += Buffer.byteLength(inline);
  gzipBytes += gzipSync(inline).length;
  return { scripts: srcs.size, bytes, gzipBytes };
}
