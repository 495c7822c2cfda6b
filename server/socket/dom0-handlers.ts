// dom0:* events → Dom0Service: settings, connection test, host key trust, secrets, shells.
// Prompts go to the asking socket, a shell's output to the socket that opened it; connection
// changes go to every tab. Secrets are handed to the service and never logged or echoed.
import {
  Dom0HostKeyAcceptSchema,
  Dom0SecretSchema,
  Dom0SshAliasSchema,
  Dom0ShellInputSchema,
  Dom0ShellOpenSchema,
  Dom0ShellRefSchema,
  Dom0ShellResizeSchema,
  Dom0TargetSchema,
  type Dom0Target,
  type Dom0TestResult,
} from '../../protocol/socket-dom0';
import { parseTargetSpec, readSshConfigText, targetFromSpec } from '../config/dom0-target';
import type { Dom0Service } from '../ssh/dom0-service';
import { parsePayload, replyWith } from './parse-payload';
import type { OnrampSocket } from './run-handlers';
import type { OnrampIo, SocketFeature } from './socket-server';
import { errorMessage } from '../../protocol/result';

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
  socket.on('dom0:get-target', async (ack) => {
    const reply = replyWith<Dom0Target | null>(ack);
    try {
      reply({ ok: true, value: await dom0.getTarget() });
    } catch (err) {
      reply({ ok: false, error: `dom0 settings could not be read: ${errorMessage(err)}` });
    }
  });

  socket.on('dom0:set-target', async (payload, ack) => {
    const reply = replyWith<Dom0Target>(ack);
    const parsed = parsePayload(Dom0TargetSchema, payload, 'dom0:set-target');
    if (!parsed.ok) return reply(parsed);
    try {
      reply({ ok: true, value: await dom0.setTarget(parsed.value) });
    } catch (err) {
      reply({ ok: false, error: `dom0 settings could not be saved: ${errorMessage(err)}` });
    }
  });

  socket.on('dom0:set-alias', async (payload, ack) => {
    const reply = replyWith<Dom0Target>(ack);
    const parsed = parsePayload(Dom0SshAliasSchema, payload, 'dom0:set-alias');
    if (!parsed.ok) return reply(parsed);
    try {
      const spec = parseTargetSpec(parsed.value.alias, await readSshConfigText());
      if (!spec.ok) return reply(spec);
      reply({ ok: true, value: await dom0.setTarget(targetFromSpec(spec.value)) });
    } catch (err) {
      reply({
        ok: false,
        error: `dom0 settings from "${parsed.value.alias}" could not be saved: ${errorMessage(err)}`,
      });
    }
  });

  socket.on('dom0:test', async (ack) => {
    const reply = replyWith<Dom0TestResult>(ack);
    try {
      const result = await dom0.test();
      if (!result.ok && result.kind === 'host-key-unknown' && result.hostKey)
        socket.emit('dom0:hostkey', result.hostKey);
      const prompt = secretPromptFor(result);
      if (prompt) socket.emit('dom0:secret-needed', prompt);
      reply({ ok: true, value: result });
    } catch (err) {
      reply({ ok: false, error: errorMessage(err) });
    }
  });

  socket.on('dom0:hostkey-accept', async (payload, ack) => {
    const reply = replyWith<null>(ack);
    const parsed = parsePayload(Dom0HostKeyAcceptSchema, payload, 'dom0:hostkey-accept');
    if (!parsed.ok) return reply(parsed);
    try {
      await dom0.acceptHostKey(parsed.value);
      reply({ ok: true, value: null });
    } catch (err) {
      reply({ ok: false, error: errorMessage(err) });
    }
  });

  socket.on('dom0:hostkey-forget', async (ack) => {
    const reply = replyWith<{ removed: number }>(ack);
    try {
      reply({ ok: true, value: await dom0.forgetHost() });
    } catch (err) {
      reply({ ok: false, error: errorMessage(err) });
    }
  });

  socket.on('dom0:secret', async (payload, ack) => {
    const reply = replyWith<null>(ack);
    // Never echo the payload: it holds the secret.
    const parsed = Dom0SecretSchema.safeParse(payload);
    if (!parsed.success)
      return reply({
        ok: false,
        error:
          'dom0:secret: invalid payload: expected { kind: "password" | "passphrase" | "sudo-password", value: a non-empty string }',
      });
    try {
      await dom0.setSecret(parsed.data);
      reply({ ok: true, value: null });
    } catch (err) {
      reply({ ok: false, error: errorMessage(err) });
    }
  });
}

function registerShells(socket: OnrampSocket, dom0: Dom0Service): void {
  const owned = new Set<string>();
  let gone = false;

  socket.on('dom0:shell-open', async (payload, ack) => {
    const reply = replyWith<{ shellId: string }>(ack);
    const parsed = parsePayload(Dom0ShellOpenSchema, payload, 'dom0:shell-open');
    if (!parsed.ok) return reply(parsed);
    try {
      const { shellId } = await dom0.openShell(parsed.value, (event, msg) => {
        if (event === 'dom0:shell-exit') {
          owned.delete(msg.shellId);
          socket.emit('dom0:shell-exit', msg as { shellId: string; message: string });
        } else socket.emit('dom0:shell-data', msg as { shellId: string; data: string });
      });
      if (gone) {
        dom0.shellClose({ shellId });
        return;
      }
      owned.add(shellId);
      reply({ ok: true, value: { shellId } });
    } catch (err) {
      reply({ ok: false, error: `the dom0 shell could not open: ${errorMessage(err)}` });
    }
  });

  socket.on('dom0:shell-input', (payload) => {
    const parsed = parsePayload(Dom0ShellInputSchema, payload, 'dom0:shell-input');
    if (parsed.ok && owned.has(parsed.value.shellId)) dom0.shellInput(parsed.value);
  });

  socket.on('dom0:shell-resize', (payload) => {
    const parsed = parsePayload(Dom0ShellResizeSchema, payload, 'dom0:shell-resize');
    if (parsed.ok && owned.has(parsed.value.shellId)) dom0.shellResize(parsed.value);
  });

  socket.on('dom0:shell-close', (payload) => {
    const parsed = parsePayload(Dom0ShellRefSchema, payload, 'dom0:shell-close');
    if (parsed.ok && owned.has(parsed.value.shellId)) dom0.shellClose(parsed.value);
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
