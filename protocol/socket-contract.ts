// How a socket event is declared once and typed on both sides: each client event is a row
// (`request` = payload and acknowledgement, `notice` = payload only) naming its zod schema and the
// value it answers. The browser's emit types come from the schemas' input types; the server parses
// with the same schema. Feature files (socket.ts, socket-dom0.ts, …) each export a table of rows.
import type { z } from 'zod';
import type { Result } from './result';

/** The acknowledgement of every client request: the one `Result` shape (the value, or why not). */
export type Ack<T> = Result<T>;

/** An event the client sends with an acknowledgement; `schema` null means it carries no payload. */
export interface RequestEvent<S extends z.ZodType | null, R> {
  readonly kind: 'request';
  readonly schema: S;
  /** Type-only: the acknowledged value (never set at runtime). */
  readonly reply?: R;
  /**
   * Fixed text for a refused payload, used instead of the schema's issues when the payload holds a
   * secret (an issue may quote what was sent).
   */
  readonly invalidText?: string;
}

/** An event the client sends without an acknowledgement (flow control, input, detach). */
export interface NoticeEvent<S extends z.ZodType> {
  readonly kind: 'notice';
  readonly schema: S;
}

export type ClientEventRow = RequestEvent<z.ZodType | null, unknown> | NoticeEvent<z.ZodType>;
export type ClientEventTable = Readonly<Record<string, ClientEventRow>>;

/** A row for an acknowledged event answering `R`: `request<RunInfo>()(RunStartSchema)`. */
export function request<R>() {
  return <S extends z.ZodType | null>(schema: S, opts: { invalidText?: string } = {}): RequestEvent<S, R> => ({
    kind: 'request',
    schema,
    ...opts,
  });
}

/** A row for an event without acknowledgement. */
export function notice<S extends z.ZodType>(schema: S): NoticeEvent<S> {
  return { kind: 'notice', schema };
}

/** The acknowledged value of a request row. */
export type ReplyOf<Row> = Row extends RequestEvent<z.ZodType | null, infer R> ? R : never;

/** The listener signature socket.io types the sender with (the schema's input type: defaults may be left out). */
export type SenderSignature<Row> =
  Row extends RequestEvent<infer S, infer R>
    ? S extends z.ZodType
      ? (payload: z.input<S>, ack: (res: Ack<R>) => void) => void
      : (ack: (res: Ack<R>) => void) => void
    : Row extends NoticeEvent<infer S>
      ? (payload: z.input<S>) => void
      : never;

/** The client-to-server events of a table, as socket.io's `EventsMap`. */
export type SenderEvents<T extends ClientEventTable> = { [K in keyof T]: SenderSignature<T[K]> };

/** The same events as the server receives them: nothing is trusted until its schema parses it. */
export type UntrustedEvents<T extends ClientEventTable> = { [K in keyof T]: (...args: unknown[]) => void };

/**
 * One line naming every issue of a refused payload, never the payload itself:
 * `run:start: invalid payload at "stepId": …; at "params.x": …`.
 */
export function describeIssues(event: string, error: z.ZodError): string {
  const issues = error.issues.map((issue) =>
    issue.path.length > 0 ? `at "${issue.path.map(String).join('.')}": ${issue.message}` : issue.message,
  );
  if (issues.length === 0) return `${event}: invalid payload: does not match the protocol`;
  const first = error.issues[0]?.path.length ? ' ' : ': ';
  return `${event}: invalid payload${first}${issues.join('; ')}`;
}
