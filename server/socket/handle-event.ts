// The one way a socket handler is registered: the event's row in CLIENT_EVENTS gives its schema,
// the payload is parsed (every issue reported), the answer is sent once, and a throw becomes
// `{ ok: false, error }`. A handler never sees an unparsed payload and never writes its event name twice.
import type { z } from 'zod';
import { errorMessage, type Result } from '../../protocol/result';
import { CLIENT_EVENTS, type ClientEventName } from '../../protocol/socket';
import {
  describeIssues,
  type Ack,
  type NoticeEvent,
  type ReplyOf,
  type RequestEvent,
} from '../../protocol/socket-contract';
import type { OnrampSocket } from './onramp-socket';

type Table = typeof CLIENT_EVENTS;
type RequestName = {
  [K in ClientEventName]: Table[K] extends RequestEvent<z.ZodType | null, unknown> ? K : never;
}[ClientEventName];
type NoticeName = { [K in ClientEventName]: Table[K] extends NoticeEvent<z.ZodType> ? K : never }[ClientEventName];

/** The parsed payload of an event (its schema's output type); undefined for an event without payload. */
export type PayloadOf<K extends ClientEventName> = Table[K]['schema'] extends z.ZodType
  ? z.output<Table[K]['schema']>
  : undefined;

export type Parsed<T> = Result<T>;

/** Parse `payload` with the row of `event`; a refusal names every issue (or the row's fixed text). */
export function parseEvent<K extends ClientEventName>(event: K, payload: unknown): Parsed<PayloadOf<K>> {
  const row: RequestEvent<z.ZodType | null, unknown> | NoticeEvent<z.ZodType> = CLIENT_EVENTS[event];
  if (row.schema === null) return { ok: true, value: undefined as PayloadOf<K> };
  const result = row.schema.safeParse(payload);
  if (result.success) return { ok: true, value: result.data as PayloadOf<K> };
  const invalidText = row.kind === 'request' ? row.invalidText : undefined;
  return { ok: false, error: invalidText ?? describeIssues(event, result.error) };
}

export interface RequestOptions<K extends ClientEventName> {
  /** Frames a thrown error for the user, e.g. `dom0 settings could not be saved: ${message}`. */
  readonly failure?: (message: string, payload: PayloadOf<K>) => string;
}

/** socket.on for any client event: every argument arrives unknown (ServerInboundEvents). */
function listen(socket: OnrampSocket, event: ClientEventName, listener: (...args: unknown[]) => void): void {
  (socket.on as (event: ClientEventName, listener: (...args: unknown[]) => void) => unknown).call(
    socket,
    event,
    listener,
  );
}

/** A client may omit the acknowledgement callback or send something else in its place. */
function replyWith<T>(ack: unknown): (res: Ack<T>) => void {
  return typeof ack === 'function' ? (res) => (ack as (res: Ack<T>) => void)(res) : () => {};
}

/**
 * Answer `event` with what `handler` returns. Arguments arrive as the table says: `(payload, ack)`,
 * or `(ack)` for an event without payload. `handler` may answer `undefined` to send no reply
 * (the socket went away meanwhile).
 */
export function onRequest<K extends RequestName>(
  socket: OnrampSocket,
  event: K,
  handler: (payload: PayloadOf<K>) => Ack<ReplyOf<Table[K]>> | undefined | Promise<Ack<ReplyOf<Table[K]>> | undefined>,
  opts: RequestOptions<K> = {},
): void {
  const hasPayload = CLIENT_EVENTS[event].schema !== null;
  const answer = async (args: unknown[]): Promise<void> => {
    const reply = replyWith<ReplyOf<Table[K]>>(hasPayload ? args[1] : args[0]);
    const parsed = parseEvent(event, args[0]);
    if (!parsed.ok) return reply(parsed);
    try {
      const res = await handler(parsed.value);
      if (res) reply(res);
    } catch (err) {
      const message = errorMessage(err);
      reply({ ok: false, error: opts.failure ? opts.failure(message, parsed.value) : message });
    }
  };
  // `answer` catches every error itself: nothing is left to reject.
  listen(socket, event, (...args: unknown[]) => void answer(args));
}

/** Act on `event` (no acknowledgement): a payload its schema refuses is dropped. */
export function onNotice<K extends NoticeName>(
  socket: OnrampSocket,
  event: K,
  handler: (payload: PayloadOf<K>) => void,
): void {
  listen(socket, event, (payload: unknown) => {
    const parsed = parseEvent(event, payload);
    if (parsed.ok) handler(parsed.value);
  });
}
