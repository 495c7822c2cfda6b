// Inbound socket payloads are `unknown` until a protocol schema parses them.
import type { z } from 'zod';
import type { Ack } from '../../protocol/socket';
import type { Result } from '../../protocol/result';

export type Parsed<T> = Result<T>;

export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, event: string): Parsed<z.output<S>> {
  const result = schema.safeParse(payload);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
  return { ok: false, error: `${event}: invalid payload${where}: ${issue?.message ?? 'does not match the protocol'}` };
}

/** A client may omit the acknowledgement callback or send something else in its place. */
export function replyWith<T>(ack: unknown): (res: Ack<T>) => void {
  return typeof ack === 'function' ? (res) => (ack as (res: Ack<T>) => void)(res) : () => {};
}
