// dom0:* events → Dom0Service: settings, connection test, host key trust, secrets, shells.
// Prompts go to the asking socket, a shell's output to the socket that opened it; connection
// changes go to every tab. Secrets are handed to the service and never logged or echoed.
import type { Dom0TestResult } from '../../protocol/socket-dom0';
import { parseTargetSpec, readSshConfigText, targetFromSpec } from '../config/dom0-target';
import type { Dom0Service } from '../ssh/dom0-service';
import { onNotice, onRequest } from './handle-event';
import type { OnrampIo, OnrampSocket, SocketFeature } from './onramp-socket';

export interface Dom0Feature {
  readonly feature: SocketFeature;
  /** Stop broadcasting connection changes (the service itself is closed by its owner). */
  dispose(): void;
}

/** The `dom0:secret-needed` prompt a failed test calls for, if any. */
export function secretPromptFor(result: Dom0TestResult): { kind: 'password' | 'passphrase'; message: string } | null {
  if (result.ok) return null;
  if (result.kind === 'password-needed') return { kind: 'password', message: result.message };
  if (result.kind === 'passphrase-needed') return { kind: 'passphrase', message: result.message };
  return null;
}

function registerSettings(socket: OnrampSocket, dom0: Dom0Service): void {
  onRequest(socket, 'dom0:get-target', async () => ({ ok: true, value: await dom0.getTarget() }), {
    failure: (message) => `dom0 settings could not be read: ${message}`,
  });

  onRequest(socket, 'dom0:set-target', async (target) => ({ ok: true, value: await dom0.setTarget(target) }), {
    failure: (message) => `dom0 settings could not be saved: ${message}`,
  });

  onRequest(socket, 'dom0:previous-targets', async () => ({ ok: true, value: await dom0.previousTargets() }), {
    failure: (message) => `earlier dom0 targets could not be read: ${message}`,
  });

  onRequest(
    socket,
    'dom0:set-alias',
    async ({ alias }) => {
      const spec = parseTargetSpec(alias, await readSshConfigText());
      if (!spec.ok) return spec;
      return { ok: true, value: await dom0.setTarget(targetFromSpec(spec.value)) };
    },
    { failure: (message, { alias }) => `dom0 settings from "${alias}" could not be saved: ${message}` },
  );

  onRequest(socket, 'dom0:test', async () => {
    const result = await dom0.test();
    if (!result.ok && result.kind === 'host-key-unknown' && result.hostKey) socket.emit('dom0:hostkey', result.hostKey);
    const prompt = secretPromptFor(result);
    if (prompt) socket.emit('dom0:secret-needed', prompt);
    return { ok: true, value: result };
  });

  onRequest(socket, 'dom0:hostkey-accept', async (accepted) => {
    await dom0.acceptHostKey(accepted);
    return { ok: true, value: null };
  });

  onRequest(socket, 'dom0:hostkey-forget', async () => ({ ok: true, value: await dom0.forgetHost() }));

  // Never echo the payload: it holds the secret (its row answers a fixed text when it is refused).
  onRequest(socket, 'dom0:secret', async (secret) => {
    await dom0.setSecret(secret);
    return { ok: true, value: null };
  });
}

function registerShells(socket: OnrampSocket, dom0: Dom0Service): void {
  const owned = new Set<string>();
  let gone = false;

  onRequest(
    socket,
    'dom0:shell-open',
    async (size) => {
      const { shellId } = await dom0.openShell(size, (event, msg) => {
        if (event === 'dom0:shell-exit') {
          owned.delete(msg.shellId);
          socket.emit('dom0:shell-exit', msg as { shellId: string; message: string });
        } else socket.emit('dom0:shell-data', msg as { shellId: string; data: string });
      });
      if (gone) {
        dom0.shellClose({ shellId });
        return undefined;
      }
      owned.add(shellId);
      return { ok: true, value: { shellId } };
    },
    { failure: (message) => `the dom0 shell could not open: ${message}` },
  );

  onNotice(socket, 'dom0:shell-input', (input) => {
    if (owned.has(input.shellId)) dom0.shellInput(input);
  });
  onNotice(socket, 'dom0:shell-resize', (size) => {
    if (owned.has(size.shellId)) dom0.shellResize(size);
  });
  onNotice(socket, 'dom0:shell-close', (ref) => {
    if (owned.has(ref.shellId)) dom0.shellClose(ref);
  });

  socket.on('disconnect', () => {
    gone = true;
    for (const shellId of owned) dom0.shellClose({ shellId });
    owned.clear();
  });
}

/** The dom0 socket feature for `startAppServer({ socketFeatures })`; one per server. */
export function dom0Feature(dom0: Dom0Service): Dom0Feature {
  let unsubscribe: (() => void) | undefined;
  const broadcastTo = (io: OnrampIo) => {
    unsubscribe ??= dom0.onConnectionChange((e) => io.emit('dom0:connection', { state: e.state, detail: e.detail }));
  };
  return {
    feature: (socket, io) => {
      broadcastTo(io);
      registerSettings(socket, dom0);
      registerShells(socket, dom0);
    },
    dispose: () => unsubscribe?.(),
  };
}
