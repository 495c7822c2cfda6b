// Host and Origin rules: the defence against DNS rebinding and cross-site requests.
import { headerCount, singleHeader, type RequestHeaders } from './request-headers';
import type { Result } from '../../protocol/result';

/** The only Host values accepted: the loopback address or `localhost`, on this server's port. */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Success holds the accepted Host value; failure says why the request is refused. */
export type HeaderRule = Result<string>;

export function checkHostAndOrigin(headers: RequestHeaders, port: number): HeaderRule {
  if (headerCount(headers, 'host') !== 1) {
    return { ok: false, error: `expected exactly one Host header (${allowedHosts(port).join(' or ')})` };
  }
  const host = singleHeader(headers, 'host') ?? '';
  if (!allowedHosts(port).includes(host)) {
    return {
      ok: false,
      error: `Host ${JSON.stringify(host.slice(0, 80))} is not allowed: open http://${allowedHosts(port)[0]}/ instead`,
    };
  }
  const origins = headerCount(headers, 'origin');
  if (origins === 0) return { ok: true, value: host };
  const origin = singleHeader(headers, 'origin');
  if (origins > 1 || origin !== `http://${host}`) {
    return { ok: false, error: `cross-origin request refused: Origin must be http://${host}` };
  }
  return { ok: true, value: host };
}
