// The server's socket.io types: client events arrive untrusted (arguments unknown until parsed).
import type { Server, Socket } from 'socket.io';
import type { ServerInboundEvents, ServerToClientEvents } from '../../protocol/socket';

export type OnrampSocket = Socket<ServerInboundEvents, ServerToClientEvents>;
export type OnrampIo = Server<ServerInboundEvents, ServerToClientEvents>;

/** A feature's handlers for one signed-in socket (e.g. dom0 settings): registered after the run and check handlers. */
export type SocketFeature = (socket: OnrampSocket, io: OnrampIo) => void;
