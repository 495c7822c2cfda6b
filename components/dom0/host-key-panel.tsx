// The host key prompt: an unknown key is shown by algorithm and fingerprint (as `ssh-keygen -lf`
// prints it) and trusted only on an explicit click; a changed or revoked key is refused.
import type { Dom0HostKeyPrompt } from '../../protocol/socket-dom0';

export interface HostKeyPanelProps {
  readonly hostKey: Dom0HostKeyPrompt;
  readonly busy: boolean;
  onTrust(fingerprint: string): void;
}

export function HostKeyPanel({ hostKey, busy, onTrust }: HostKeyPanelProps) {
  return (
    <div className="dom0-hostkey callout callout-warning" role="alert">
      <p>
        Onramp has not seen the host key of <strong>{hostKey.host}</strong> port {hostKey.port} before. Compare its
        fingerprint with the one dom0 shows (run{' '}
        <code>ssh-keygen -lf /etc/ssh/ssh_host_{hostKey.algorithm.toLowerCase()}_key.pub</code> on dom0&apos;s console)
        before you trust it.
      </p>
      <dl className="dom0-hostkey-facts">
        <dt>Algorithm</dt>
        <dd data-testid="dom0-hostkey-algorithm">{hostKey.algorithm}</dd>
        <dt>Fingerprint</dt>
        <dd>
          <code data-testid="dom0-fingerprint">{hostKey.fingerprint}</code>
        </dd>
      </dl>
      <button
        type="button"
        className="button primary"
        data-testid="dom0-trust"
        disabled={busy}
        onClick={() => onTrust(hostKey.fingerprint)}
      >
        Trust this host
      </button>
    </div>
  );
}

export interface HostKeyRefusalProps {
  readonly message: string;
  readonly busy: boolean;
  /** Offered for a changed key: drop Onramp's saved key for this host, then test again. */
  readonly onForget?: () => void;
}

/** A changed, revoked or unreadable host key: the server's message says what was found and how to go on. */
export function HostKeyRefusal({ message, busy, onForget }: HostKeyRefusalProps) {
  return (
    <div className="dom0-hostkey callout callout-danger" role="alert" data-testid="dom0-hostkey-refused">
      <p>
        <strong>Onramp refused to connect.</strong>
      </p>
      <pre className="dom0-message">{message}</pre>
      {onForget && (
        <button type="button" className="button" data-testid="dom0-forget" disabled={busy} onClick={onForget}>
          dom0 was reinstalled: forget this host
        </button>
      )}
    </div>
  );
}
