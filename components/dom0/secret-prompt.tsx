// A password, key passphrase or sudo password for the server to hold in memory (never saved).
import { useState } from 'react';
import type { Dom0SecretKind } from '../../protocol/socket-dom0';

const LABELS: Record<Dom0SecretKind, string> = {
  password: "dom0 user's password",
  passphrase: "The key file's passphrase",
  'sudo-password': 'sudo password in dom0',
};

export interface SecretPromptProps {
  readonly kind: Dom0SecretKind;
  readonly message?: string;
  readonly busy: boolean;
  onSubmit(kind: Dom0SecretKind, value: string): void;
}

export function SecretPrompt({ kind, message, busy, onSubmit }: SecretPromptProps) {
  const [value, setValue] = useState('');
  return (
    <form
      className="dom0-secret"
      data-testid={`dom0-secret-${kind}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (value === '') return;
        onSubmit(kind, value);
        setValue('');
      }}
    >
      {message !== undefined && <p className="dom0-message">{message}</p>}
      <label>
        {LABELS[kind]}
        <input
          type="password"
          autoComplete="off"
          value={value}
          data-testid={`dom0-secret-${kind}-value`}
          onChange={(e) => setValue(e.target.value)}
        />
      </label>
      <button type="submit" className="button" disabled={busy || value === ''}>
        Use for this session
      </button>
      <p className="hint">Kept in the companion server&apos;s memory until it stops; never written to disk.</p>
    </form>
  );
}
