// Every HTTP request and WebSocket upgrade passes the auth decision first; only then is a file
// read, an API answered, or the request handed to socket.io.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type AuthDecision, decideRequest, SOCKET_PATH } from '../auth/decide-request';
import { headersFromRaw } from '../auth/request-headers';
import { type ApiDeps, serveApi } from './api-routes';
import { securityHeaders } from './security-headers';
import type { StaticSite } from './static-site';
import { errorMessage } from '../../protocol/result';

export interface HttpDeps extends ApiDeps {
  readonly site: StaticSite;
  readonly token: string;
  /** The listening port (known only once listening when PORT=0). */
  readonly port: () => number;
  readonly socketRequest: (req: IncomingMessage, res: ServerResponse) => void;
  readonly socketUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

export function authorize(req: IncomingMessage, deps: Pick<HttpDeps, 'token' | 'port'>): AuthDecision {
  return decideRequest({
    method: req.method ?? '',
    url: req.url ?? '',
    headers: headersFromRaw(req.rawHeaders),
    port: deps.port(),
    token: deps.token,
  });
}

const pathOf = (url: string) => url.split('?', 1)[0] ?? '/';

function refuse(res: ServerResponse, method: string, status: 403 | 405, reason: string): void {
  const allow: Record<string, string> = status === 405 ? { Allow: 'GET, HEAD' } : {};
  res.writeHead(status, {
    ...securityHeaders(),
    ...allow,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(method === 'HEAD' ? undefined : `${reason}\n`);
}

export function createRequestHandler(deps: HttpDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const decision = authorize(req, deps);
    const method = req.method ?? '';
    if (!decision.allow) return refuse(res, method, decision.status, decision.reason);
    const path = pathOf(req.url ?? '/');
    if (path.startsWith(SOCKET_PATH)) return deps.socketRequest(req, res);
    // The decision judged the normalised path; a raw path like /x/../socket.io/ still only reads.
    if (method !== 'GET' && method !== 'HEAD')
      return refuse(res, method, 405, `method ${method.slice(0, 20)} is not allowed here: use GET or HEAD`);
    if (path === '/api' || path.startsWith('/api/')) return serveApi(path, method, req, res, deps);
    deps.site.serve(path, method, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`could not read the app files: ${errorMessage(err)}\n`);
    });
  };
}

function refuseRaw(socket: Duplex, status: 403 | 405, reason: string): void {
  const text = status === 403 ? 'Forbidden' : 'Method Not Allowed';
  socket.on('error', () => {});
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `X-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

/** WebSocket upgrades: the same decision, then socket.io; everything else is closed with 403. */
export function createUpgradeHandler(deps: HttpDeps) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const decision = authorize(req, deps);
    if (decision.allow && pathOf(req.url ?? '/').startsWith(SOCKET_PATH)) {
      return deps.socketUpgrade(req, socket, head);
    }
    refuseRaw(socket, 403, decision.allow ? 'WebSocket upgrades are accepted only on /socket.io/' : decision.reason);
  };
}

/** CONNECT never reaches the request handler (Node emits `connect`): refused the same way. */
export function createConnectHandler(deps: HttpDeps) {
  return (req: IncomingMessage, socket: Duplex): void => {
    // The target of CONNECT is `host:port`, not a path: judge the Host and Origin alone.
    const decision = decideRequest({
      method: 'CONNECT',
      url: '/',
      headers: headersFromRaw(req.rawHeaders),
      port: deps.port(),
      token: deps.token,
    });
    if (decision.allow) refuseRaw(socket, 405, 'method CONNECT is not allowed: use GET or HEAD');
    else refuseRaw(socket, decision.status, decision.reason);
  };
}
