'use client';
// The dom0 targets used before the current one (kept when a lab machine or the form replaced
// them): one button each to switch back.
import type { Dom0Target } from '../../protocol/socket-dom0';

/** `user@host:port (how it logs in)`, as the list shows a target. */
export function targetLabel(t: Dom0Target): string {
  const login = t.auth.kind === 'key' ? `key ${t.auth.path}` : t.auth.kind === 'agent' ? 'SSH agent' : 'password';
  return `${t.user}@${t.host}:${t.port} (${login}${t.proxyJump ? `, via ${t.proxyJump}` : ''})`;
}

export function EarlierTargets(props: {
  readonly targets: readonly Dom0Target[];
  readonly busy: boolean;
  readonly onUse: (target: Dom0Target) => void;
}) {
  if (props.targets.length === 0) return null;
  return (
    <section className="dom0-earlier" data-testid="dom0-earlier">
      <h2>Earlier dom0 targets</h2>
      <ul>
        {props.targets.map((t, i) => (
          <li key={targetLabel(t)}>
            <code>{targetLabel(t)}</code>{' '}
            <button
              type="button"
              className="button"
              data-testid={`dom0-earlier-use-${i}`}
              disabled={props.busy}
              onClick={() => props.onUse(t)}
            >
              Use this target
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
