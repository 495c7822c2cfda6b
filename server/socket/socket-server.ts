// socket.io on the app's own http server and origin. Every request (handshake, later polls,
// the WebSocket upgrade) has already passed the HTTP auth decision; allowRequest repeats it for
// the handshake so a mis-wiring can never open a socket without the cookie, Host and Origin.
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server } from 'socket.io';
import type { ServerInboundEvents, ServerToClientEvents } from '../../protocol/socket';
import type { AuthDecision } from '../auth/decide-request';
import { securityHeaders } from '../http/security-headers';
import type { CheckService } from './check-service';
import { registerCheckHandlers, type ChecksInFlight } from './check-handlers';
import type { OnrampIo, SocketFeature } from './onramp-socket';
import { registerRunHandlers, type RunHandlerDeps } from './run-handlers';
import { registerSecretHandlers, type ForgetSecrets } from './secret-handlers';

export type { OnrampIo, SocketFeature } from './onramp-socket';

/** Largest socket message accepted: event payloads are small JSON objects. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

export interface SocketDeps extends RunHandlerDeps {
  readonly authorize: (req: IncomingMessage) => AuthDecision;
  readonly checks: CheckService;
  readonly features?: readonly SocketFeature[];
  /** Forget held secrets on the reader's "Forget" (absent: nothing is held beyond a run). */
  readonly forgetSecrets?: ForgetSecrets;
}

export interface SocketEndpoint {
  readonly io: OnrampIo;
  handleRequest(req: IncomingMessage, res: ServerResponse): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/**
 * Attach socket.io to `http`, then take back the server's `request` and `upgrade` events, so
 * the caller's handlers (auth first) decide what reaches socket.io.
 */
export function attachSocketServer(http: HttpServer, deps: SocketDeps): SocketEndpoint {
  const io: OnrampIo = new Server<ServerInboundEvents, ServerToClientEvents>({
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    allowRequest: (req, callback) => {
      const decision = deps.authorize(req);
      const allowed = decision.allow && decision.redirect === undefined;
      callback(
        allowed ? null : decision.allow ? 'a socket needs the cookie, not a token in the URL' : decision.reason,
        allowed,
      );
    },
  });
  io.attach(http);
  http.removeAllListeners('request');
  http.removeAllListeners('upgrade');
  // Polling responses and the WebSocket handshake carry the same security headers as pages.
  io.engine.on('headers', (headers: Record<string, string>) => void Object.assign(headers, securityHeaders()));

  const checksInFlight: ChecksInFlight = new Map();
  io.on('connection', (socket) => {
    registerRunHandlers(socket, deps);
    registerSecretHandlers(socket, deps);
    registerCheckHandlers(io, socket, deps.checks, checksInFlight);
    for (const feature of deps.features ?? []) feature(socket, io);
  });

  return {
    io,
    handleRequest: (req, res) => io.engine.handleRequest(req, res),
    handleUpgrade: (req, socket, head) => io.engine.handleUpgrade(req, socket, head),
  };
}
