// ProxyJump `[user@]host[:port]` → the jump host's own target (same login method as dom0).
import type { Dom0Target } from '../../protocol/socket-dom0';
import { Dom0Error } from './dom0-error';

export function parseJumpSpec(spec: string, via: Dom0Target): Dom0Target {
  const first = spec.split(',')[0] ?? '';
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:\s]+)(?::([0-9]{1,5}))?$/.exec(first);
  if (!m || spec.includes(',')) {
    throw new Dom0Error(
      'other',
      `ProxyJump "${spec}" is not supported: Onramp takes one jump host as [user@]host[:port]`,
    );
  }
  const host = (m[2] ?? '').replace(/^\[|\]$/g, '');
  return { host, port: m[3] ? Number(m[3]) : 22, user: m[1] ?? via.user, auth: via.auth };
}
