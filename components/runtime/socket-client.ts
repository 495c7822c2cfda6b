// The page's one socket.io connection to the companion server, created on first use and shared by
// every step and check. socket.io-client itself is imported lazily: it is never in first-load JS.
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/socket';
import { NotSignedIn, sessionToken } from './session-token';

export { NotSignedIn } from './session-token';

export type OnrampSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Raised when the companion server does not answer; the UI shows UNREACHABLE. */
export class CompanionUnreachable extends Error {
  constructor(cause?: unknown) {
    super("Onramp's companion server is not reachable", { cause });
    this.name = 'CompanionUnreachable';
  }
}

let created: Promise<OnrampSocket> | undefined;

export function onrampSocket(): Promise<OnrampSocket> {
  created ??= import('socket.io-client').then(({ io }) => {
    // The token rides in the handshake's auth payload (read afresh on every reconnect), never in a cookie.
    const socket: OnrampSocket = io({
      transports: ['websocket'],
      auth: (cb) => cb({ token: sessionToken() ?? '' }),
    });
    return socket;
  });
  return created;
}

/**
 * The shared socket once connected; rejects with NotSignedIn when the page holds no token or the
 * server refused it, and with CompanionUnreachable if it cannot connect in time.
 */
export async function connectedSocket(timeoutMs = 5000): Promise<OnrampSocket> {
  if (sessionToken() === undefined) throw new NotSignedIn();
  const socket = await onrampSocket();
  if (socket.connected) return socket;
  return new Promise<OnrampSocket>((resolve, reject) => {
    const settle = (err?: unknown) => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      if (err === undefined) resolve(socket);
      // The server's middleware refusal (a stale token from an earlier start): not an outage.
      else if (err instanceof Error && err.message.startsWith('not signed in')) {
        socket.disconnect();
        reject(new NotSignedIn(err));
      } else reject(new CompanionUnreachable(err));
    };
    const onConnect = () => settle();
    const onError = (err: Error) => settle(err);
    const timer = setTimeout(() => settle(new Error(`no connection after ${timeoutMs} ms`)), timeoutMs);
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
    if (!socket.active) socket.connect();
  });
}
