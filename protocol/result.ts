// One result shape for every fallible call, on both sides of the socket (after webssh2 `types/result.ts`).

/** Success carries `value`; failure carries `error` (a message by default, or a richer failure such as a list). */
export type Result<T, E = string> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** A successful result holding `value`. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** A failed result holding `error` (a message unless the caller's `Result` says otherwise). */
export function err<E = string>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}

/** The text of anything thrown: an Error's `message`, otherwise `String(thrown)` (a thrown string stays itself). */
export function errorMessage(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
