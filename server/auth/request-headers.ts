// Headers as the auth rules need them: lower-cased names, and a header sent twice kept as an
// array (Node's req.headers silently drops a second Host; here it stays visible and is refused).
export type HeaderValue = string | readonly string[] | undefined;
export type RequestHeaders = Readonly<Record<string, HeaderValue>>;

export function headersFromRaw(rawHeaders: readonly string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else headers[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return headers;
}

/** The single value of a header, or undefined when it is absent or was sent more than once. */
export function singleHeader(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function headerCount(headers: RequestHeaders, name: string): number {
  const value = headers[name];
  if (value === undefined) return 0;
  return typeof value === 'string' ? 1 : value.length;
}
