// socket.io on the app's own http server and origin. Every request (handshake, later polls,
// the WebSocket upgrade) has already passed the HTTP auth decision (Host, Origin); allowRequest
// repeats it for the handshake so a mis-wiring can never open a socket without those checks, and
// a middleware admits a socket only when its handshake `auth` payload carries the token.
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server } from 'socket.io';
import type { ServerInboundEvents, ServerToClientEvents } from '../../protocol/socket';
import type { AuthDecision } from '../auth/decide-request';
import { socketAuthOk } from '../auth/token';
import { securityHeaders } from '../http/security-headers';
import type { CheckService } from './check-service';
import { registerCheckHandlers, type ChecksInFlight } from './check-handlers';
import { registerSetupPathHandlers } from './setup-path-handlers';
import type { OnrampIo, SocketFeature } from './onramp-socket';
import { registerRunHandlers, type RunHandlerDeps } from './run-handlers';
import { registerSecretHandlers, type ForgetSecrets } from './secret-handlers';
import { forwardCheckPrompts, registerCheckSecretHandlers } from './check-secret-handlers';
import type { CheckSecrets } from '../checks/check-secrets';

export type { OnrampIo, SocketFeature } from './onramp-socket';

/** Largest socket message accepted: event payloads are small JSON objects. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

export interface SocketDeps extends RunHandlerDeps {
  readonly authorize: (req: IncomingMessage) => AuthDecision;
  /** The session token a socket's handshake `auth.token` must carry. */
  readonly token: string;
  readonly checks: CheckService;
  readonly features?: readonly SocketFeature[];
  /** Forget held secrets on the reader's "Forget" (absent: nothing is held beyond a run). */
  readonly forgetSecrets?: ForgetSecrets;
  /** The prompts of checks that need a secret (the check service's askSecret); absent: checks never ask. */
  readonly checkSecrets?: CheckSecrets;
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
      callback(decision.allow ? null : decision.reason, decision.allow);
    },
  });
  io.attach(http);
  http.removeAllListeners('request');
  http.removeAllListeners('upgrade');
  // Polling responses and the WebSocket handshake carry the same security headers as pages.
  io.engine.on('headers', (headers: Record<string, string>) => void Object.assign(headers, securityHeaders()));

  // No handler is registered for a socket that fails this: it gets connect_error and nothing else.
  io.use((socket, next) => {
    if (socketAuthOk(socket.handshake.auth, deps.token)) return next();
    next(new Error('not signed in: open the URL printed by `onramp serve` (it carries the token)'));
  });

  const checksInFlight: ChecksInFlight = new Map();
  const checkSecrets = deps.checkSecrets;
  // Lives as long as io: the prompts of a server that stops are given up by its owner (serve.ts).
  if (checkSecrets) forwardCheckPrompts(io, checkSecrets);
  io.on('connection', (socket) => {
    registerRunHandlers(socket, deps);
    registerSecretHandlers(socket, deps);
    if (checkSecrets) registerCheckSecretHandlers(socket, checkSecrets);
    registerCheckHandlers(io, socket, deps.checks, checksInFlight);
    registerSetupPathHandlers(io, socket);
    for (const feature of deps.features ?? []) feature(socket, io);
  });

  return {
    io,
    handleRequest: (req, res) => io.engine.handleRequest(req, res),
    handleUpgrade: (req, socket, head) => io.engine.handleUpgrade(req, socket, head),
  };
}
