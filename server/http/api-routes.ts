// The small read-only JSON API under /api/ (reached only after the auth decision allowed it).
import type { ServerResponse } from 'node:http';
import type { RunInfo } from '../../protocol/socket';
import { securityHeaders } from './security-headers';

export interface ApiDeps {
  readonly runs: { list(): readonly RunInfo[] };
}

export function sendJson(res: ServerResponse, status: number, value: unknown, method: string): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    ...securityHeaders(),
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(body.length),
  });
  res.end(method === 'HEAD' ? undefined : body);
}

export function serveApi(pathname: string, method: string, res: ServerResponse, deps: ApiDeps): void {
  if (pathname === '/api/health') return sendJson(res, 200, { ok: true }, method);
  if (pathname === '/api/runs') return sendJson(res, 200, deps.runs.list(), method);
  sendJson(res, 404, { ok: false, error: `no API route ${pathname.slice(0, 100)}: expected /api/health or /api/runs` }, method);
}
