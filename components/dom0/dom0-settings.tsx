'use client';
// The dom0 settings form: where dom0 is and how to log in, "Save and test connection" (the target
// becomes dom0 at once; the one it replaces stays among the earlier targets), the host key and
// secret prompts, the connection status, and the dom0 shell. Talks to the companion server only.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Dom0HostKeyPrompt, Dom0SecretKind, Dom0Target, Dom0TestResult } from '../../protocol/socket-dom0';
import { EMPTY_FORM, USER_HINT, formFromTarget, targetFromForm, type AuthKind, type Dom0FormValues } from './dom0-form';
import { Dom0Shell } from './dom0-shell';
import { EarlierTargets } from './earlier-targets';
import { HostKeyPanel, HostKeyRefusal } from './host-key-panel';
import { SecretPrompt } from './secret-prompt';
import { errorMessage } from '../../protocol/result';

type Status =
  | { readonly phase: 'idle'; readonly text: string }
  | { readonly phase: 'testing' }
  | { readonly phase: 'connected'; readonly text: string }
  | { readonly phase: 'failed'; readonly text: string };

type Prompt =
  | { readonly kind: 'none' }
  | { readonly kind: 'host-key'; readonly hostKey: Dom0HostKeyPrompt }
  | { readonly kind: 'refused'; readonly message: string; readonly changed: boolean }
  | { readonly kind: 'secret'; readonly secret: Dom0SecretKind; readonly message: string };

const AUTH_KINDS: ReadonlyArray<{ kind: AuthKind; label: string }> = [
  { kind: 'key', label: 'Key file' },
  { kind: 'agent', label: 'SSH agent' },
  { kind: 'password', label: 'Password' },
];

async function socket() {
  const { connectedSocket } = await import('../runtime/socket-client');
  return connectedSocket();
}

function promptFor(result: Dom0TestResult): Prompt {
  if (result.ok) return { kind: 'none' };
  if (result.kind === 'host-key-unknown' && result.hostKey) return { kind: 'host-key', hostKey: result.hostKey };
  if (
    result.kind === 'host-key-changed' ||
    result.kind === 'host-key-revoked' ||
    result.kind === 'known-hosts-unreadable'
  )
    return { kind: 'refused', message: result.message, changed: result.kind === 'host-key-changed' };
  if (result.kind === 'password-needed') return { kind: 'secret', secret: 'password', message: result.message };
  if (result.kind === 'passphrase-needed') return { kind: 'secret', secret: 'passphrase', message: result.message };
  if (result.kind === 'sudo-password-needed')
    return { kind: 'secret', secret: 'sudo-password', message: result.message };
  return { kind: 'none' };
}

function statusFor(result: Dom0TestResult): Status {
  if (result.ok)
    return {
      phase: 'connected',
      text: `Connected as ${result.whoami} to ${result.uname} (${result.serverVersion}, ${result.latencyMs} ms)`,
    };
  return { phase: 'failed', text: result.message };
}

export function Dom0Settings() {
  const [form, setForm] = useState<Dom0FormValues>(EMPTY_FORM);
  const [status, setStatus] = useState<Status>({ phase: 'idle', text: 'Not tested yet.' });
  const [prompt, setPrompt] = useState<Prompt>({ kind: 'none' });
  const [shellOpen, setShellOpen] = useState(false);
  const [useAlias, setUseAlias] = useState(false);
  const [alias, setAlias] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [earlier, setEarlier] = useState<readonly Dom0Target[]>([]);
  const edited = useRef(false);
  const busy = status.phase === 'testing';
  const set = (patch: Partial<Dom0FormValues>) => {
    edited.current = true;
    setForm((f) => ({ ...f, ...patch }));
  };

  useEffect(() => {
    let gone = false;
    const onConnection = (m: { state: 'connected' | 'disconnected'; detail: string }) => {
      if (m.state === 'disconnected') setStatus({ phase: 'failed', text: `Disconnected from dom0: ${m.detail}` });
    };
    void socket()
      .then(async (s) => {
        s.on('dom0:connection', onConnection);
        if (gone) return s.off('dom0:connection', onConnection);
        const res = await s.timeout(5000).emitWithAck('dom0:get-target');
        if (gone) return;
        // The saved settings arrive late: they must not undo what the reader already typed.
        if (res.ok && res.value && !edited.current) setForm(formFromTarget(res.value));
        if (!res.ok) setStatus({ phase: 'failed', text: res.error });
        const previous = await s.timeout(5000).emitWithAck('dom0:previous-targets');
        if (!gone && previous.ok) setEarlier(previous.value);
        setLoaded(true);
      })
      .catch(() => {
        if (!gone) setLoaded(true);
        if (!gone)
          setStatus({
            phase: 'failed',
            text: "Onramp's companion server is not reachable: start it with npm start, then reload this page.",
          });
      });
    return () => {
      gone = true;
      void socket().then(
        (s) => s.off('dom0:connection', onConnection),
        () => undefined,
      );
    };
  }, []);

  // Connect with the saved settings and show the outcome: status, and a host key or secret prompt.
  const testAndShow = async (s: Awaited<ReturnType<typeof socket>>) => {
    const res = await s.timeout(45_000).emitWithAck('dom0:test');
    if (!res.ok) return setStatus({ phase: 'failed', text: res.error });
    setStatus(statusFor(res.value));
    setPrompt(promptFor(res.value));
  };

  const test = useCallback(async () => {
    const planned = useAlias ? null : targetFromForm(form);
    if (planned && !planned.ok) return setStatus({ phase: 'failed', text: planned.error });
    if (useAlias && alias.trim() === '')
      return setStatus({ phase: 'failed', text: 'Enter a Host name from your ~/.ssh/config.' });
    setStatus({ phase: 'testing' });
    setPrompt({ kind: 'none' });
    try {
      const s = await socket();
      const saved = planned
        ? await s.timeout(5000).emitWithAck('dom0:set-target', planned.value)
        : await s.timeout(5000).emitWithAck('dom0:set-alias', { alias: alias.trim() });
      if (!saved.ok) return setStatus({ phase: 'failed', text: saved.error });
      await showSaved(s, saved.value);
    } catch (err) {
      setStatus({ phase: 'failed', text: errorMessage(err) });
    }
  }, [form, useAlias, alias]);

  // A target was saved: show it, refresh the earlier targets (the replaced one joined them), test it.
  const showSaved = async (s: Awaited<ReturnType<typeof socket>>, saved: Dom0Target) => {
    setForm(formFromTarget(saved));
    const previous = await s.timeout(5000).emitWithAck('dom0:previous-targets');
    if (previous.ok) setEarlier(previous.value);
    await testAndShow(s);
  };

  const useEarlier = async (target: Dom0Target) => {
    setStatus({ phase: 'testing' });
    setPrompt({ kind: 'none' });
    setUseAlias(false);
    try {
      const s = await socket();
      const saved = await s.timeout(5000).emitWithAck('dom0:set-target', target);
      if (!saved.ok) return setStatus({ phase: 'failed', text: saved.error });
      await showSaved(s, saved.value);
    } catch (err) {
      setStatus({ phase: 'failed', text: err instanceof Error ? err.message : String(err) });
    }
  };

  const retestAfter = async (action: () => Promise<{ ok: true } | { ok: false; error: string }>) => {
    setStatus({ phase: 'testing' });
    try {
      const done = await action();
      if (!done.ok) return setStatus({ phase: 'failed', text: done.error });
      await testAndShow(await socket());
    } catch (err) {
      setStatus({ phase: 'failed', text: errorMessage(err) });
    }
  };
  const trust = (fingerprint: string) =>
    void retestAfter(async () => (await socket()).timeout(5000).emitWithAck('dom0:hostkey-accept', { fingerprint }));
  const forget = () => void retestAfter(async () => (await socket()).timeout(5000).emitWithAck('dom0:hostkey-forget'));
  const giveSecret = (kind: Dom0SecretKind, value: string) =>
    void retestAfter(async () => (await socket()).timeout(5000).emitWithAck('dom0:secret', { kind, value }));

  return (
    <div className="dom0-settings">
      <form
        className="dom0-form"
        data-testid="dom0-form"
        data-loaded={loaded}
        onSubmit={(e) => {
          e.preventDefault();
          void test();
        }}
      >
        <label className="inline">
          <input
            type="checkbox"
            data-testid="dom0-use-alias"
            checked={useAlias}
            onChange={(e) => setUseAlias(e.target.checked)}
          />{' '}
          Use a Host from my ~/.ssh/config
        </label>
        {useAlias && (
          <label>
            Host alias{' '}
            <input
              data-testid="dom0-alias"
              value={alias}
              placeholder="dom0"
              onChange={(e) => setAlias(e.target.value)}
            />
          </label>
        )}
        <fieldset disabled={useAlias} className="dom0-details">
          <label>
            Host{' '}
            <input
              data-testid="dom0-host"
              value={form.host}
              placeholder="dom0.example.org or 192.168.56.5"
              onChange={(e) => set({ host: e.target.value })}
            />
          </label>
          <label>
            Port{' '}
            <input
              data-testid="dom0-port"
              inputMode="numeric"
              value={form.port}
              onChange={(e) => set({ port: e.target.value })}
            />
          </label>
          <label>
            User{' '}
            <input
              data-testid="dom0-user"
              value={form.user}
              placeholder={USER_HINT}
              onChange={(e) => set({ user: e.target.value })}
            />
          </label>
          <fieldset>
            <legend>Log in with</legend>
            {AUTH_KINDS.map(({ kind, label }) => (
              <label key={kind} className="inline">
                <input
                  type="radio"
                  name="dom0-auth"
                  data-testid={`dom0-auth-${kind}`}
                  checked={form.authKind === kind}
                  onChange={() => set({ authKind: kind })}
                />{' '}
                {label}
              </label>
            ))}
          </fieldset>
          {form.authKind === 'key' && (
            <label>
              Private key file{' '}
              <input
                data-testid="dom0-key-path"
                value={form.keyPath}
                onChange={(e) => set({ keyPath: e.target.value })}
              />
            </label>
          )}
        </fieldset>
        <button type="submit" className="button primary" data-testid="dom0-test" disabled={busy}>
          {busy ? 'Testing…' : 'Save and test connection'}
        </button>
      </form>

      <p
        className={`dom0-status tone-${status.phase === 'connected' ? 'good' : status.phase === 'failed' ? 'bad' : 'muted'}`}
        data-testid="dom0-status"
        data-phase={status.phase}
        role="status"
        aria-live="polite"
      >
        {status.phase === 'testing' ? 'Connecting to dom0…' : status.text}
      </p>

      {prompt.kind === 'host-key' && <HostKeyPanel hostKey={prompt.hostKey} busy={busy} onTrust={trust} />}
      {prompt.kind === 'refused' && (
        <HostKeyRefusal message={prompt.message} busy={busy} {...(prompt.changed ? { onForget: forget } : {})} />
      )}
      {prompt.kind === 'secret' && (
        <SecretPrompt kind={prompt.secret} message={prompt.message} busy={busy} onSubmit={giveSecret} />
      )}

      <EarlierTargets targets={earlier} busy={busy} onUse={(t) => void useEarlier(t)} />

      <details className="dom0-sudo">
        <summary>sudo password (only if sudo in dom0 asks for one)</summary>
        <SecretPrompt kind="sudo-password" busy={busy} onSubmit={giveSecret} />
      </details>

      <section className="dom0-shell-section">
        <h2>dom0 shell</h2>
        {shellOpen ? (
          <Dom0Shell onClose={() => setShellOpen(false)} />
        ) : (
          <button
            type="button"
            className="button"
            data-testid="dom0-shell-open"
            disabled={status.phase !== 'connected'}
            onClick={() => setShellOpen(true)}
          >
            Open a dom0 shell
          </button>
        )}
      </section>
    </div>
  );
}
