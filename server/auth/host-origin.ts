// Host and Origin rules: the defence against DNS rebinding and cross-site requests.
import { headerCount, singleHeader, type RequestHeaders } from './request-headers';

/** The only Host values accepted: the loopback address or `localhost`, on this server's port. */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export type HeaderRule = { readonly ok: true; readonly host: string } | { readonly ok: false; readonly reason: string };

export function checkHostAndOrigin(headers: RequestHeaders, port: number): HeaderRule {
  if (headerCount(headers, 'host') !== 1) {
    return { ok: false, reason: `expected exactly one Host header (${allowedHosts(port).join(' or ')})` };
  }
  const host = singleHeader(headers, 'host') ?? '';
  if (!allowedHosts(port).includes(host)) {
    return {
      ok: false,
      reason: `Host ${JSON.stringify(host.slice(0, 80))} is not allowed: open http://${allowedHosts(port)[0]}/ instead`,
    };
  }
  const origins = headerCount(headers, 'origin');
  if (origins === 0) return { ok: true, host };
  const origin = singleHeader(headers, 'origin');
  if (origins > 1 || origin !== `http://${host}`) {
    return { ok: false, reason: `cross-origin request refused: Origin must be http://${host}` };
  }
  return { ok: true, host };
}
