// A JSON response with the security headers, never cached.
import type { ServerResponse } from 'node:http';
import { securityHeaders } from './security-headers';

/** Send `value` as JSON with `status`; the body is left out for HEAD. */
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
