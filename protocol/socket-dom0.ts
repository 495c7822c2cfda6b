// The dom0 (SSH) contract between the browser and the companion server: target settings,
// connection test, host key prompt, secrets entry and the interactive shell.
import { z } from 'zod';
import { notice, request } from './socket-contract';

export const Dom0AuthSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('agent') }),
  z.strictObject({ kind: z.literal('key'), path: z.string().min(1).max(4096) }),
  z.strictObject({ kind: z.literal('password') }),
]);
export type Dom0Auth = z.infer<typeof Dom0AuthSchema>;

const hostPattern = /^[A-Za-z0-9._:%-]{1,253}$/;

/** Where dom0 is and how to log in. Secrets (passwords, passphrases) are never part of it. */
export const Dom0TargetSchema = z.strictObject({
  host: z.string().regex(hostPattern, 'a host is a name or an IP address'),
  port: z.number().int().min(1).max(65535),
  user: z.string().regex(/^[A-Za-z0-9._][A-Za-z0-9._-]{0,31}$/, 'a user name is letters, digits, . _ -'),
  auth: Dom0AuthSchema,
  /** `[user@]host[:port]` of one jump host (OpenSSH ProxyJump). */
  proxyJump: z.string().min(1).max(300).optional(),
});
export type Dom0Target = z.infer<typeof Dom0TargetSchema>;

/** A `Host` alias from ~/.ssh/config (or `user@host:port`), resolved by the server as OpenSSH would. */
export const Dom0SshAliasSchema = z.strictObject({ alias: z.string().min(1).max(300) });

/** A secret the server asks for and keeps in memory only for this session. */
export const Dom0SecretKindSchema = z.enum(['password', 'passphrase', 'sudo-password']);
export type Dom0SecretKind = z.infer<typeof Dom0SecretKindSchema>;

export const Dom0SecretSchema = z.strictObject({ kind: Dom0SecretKindSchema, value: z.string().min(1).max(4096) });
export const Dom0HostKeyAcceptSchema = z.strictObject({
  /** The fingerprint the user saw and accepted: the server refuses if the key changed since. */
  fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
});
export const Dom0ShellOpenSchema = z.strictObject({
  cols: z.number().int().min(2).max(1000),
  rows: z.number().int().min(1).max(500),
});
export const Dom0ShellRefSchema = z.strictObject({ shellId: z.string().regex(/^shell-[A-Za-z0-9_-]{8,64}$/) });
export const Dom0ShellInputSchema = Dom0ShellRefSchema.extend({ data: z.string().max(65536) });
export const Dom0ShellResizeSchema = Dom0ShellRefSchema.extend({
  cols: z.number().int().min(2).max(1000),
  rows: z.number().int().min(1).max(500),
});

/** Why the connection test failed, so the UI can prompt for the right thing. */
export type Dom0ErrorKind =
  | 'unreachable'
  | 'auth-failed'
  | 'passphrase-needed'
  | 'password-needed'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'known-hosts-unreadable'
  | 'key-unreadable'
  | 'connection-lost'
  | 'sudo-password-needed'
  | 'other';

export interface Dom0HostKeyPrompt {
  readonly host: string;
  readonly port: number;
  readonly algorithm: string;
  readonly fingerprint: string;
}

export type Dom0TestResult =
  | {
      readonly ok: true;
      readonly serverVersion: string;
      readonly whoami: string;
      readonly uname: string;
      readonly latencyMs: number;
    }
  | {
      readonly ok: false;
      readonly kind: Dom0ErrorKind;
      readonly message: string;
      readonly hostKey?: Dom0HostKeyPrompt;
    };

/** The dom0 events a client sends (joined into CLIENT_EVENTS in socket.ts). */
export const DOM0_EVENTS = {
  'dom0:get-target': request<Dom0Target | null>()(null),
  'dom0:set-target': request<Dom0Target>()(Dom0TargetSchema),
  /** Set the target from a ~/.ssh/config alias (HostName, Port, User, IdentityFile, ProxyJump); answers the saved target. */
  'dom0:set-alias': request<Dom0Target>()(Dom0SshAliasSchema),
  'dom0:test': request<Dom0TestResult>()(null),
  /** The targets dom0.json held before, newest first (Settings can switch back with `dom0:set-target`). */
  'dom0:previous-targets': request<Dom0Target[]>()(null),
  /** Trust the host key shown by `dom0:hostkey` (written to Onramp's known-hosts file). */
  'dom0:hostkey-accept': request<null>()(Dom0HostKeyAcceptSchema),
  /** Onramp's "forget this host": drop the target's keys from Onramp's known-hosts file. */
  'dom0:hostkey-forget': request<{ removed: number }>()(null),
  /** A password, key passphrase or sudo password, held in server memory for this session only. */
  'dom0:secret': request<null>()(Dom0SecretSchema, {
    // A schema issue could quote the secret: the refusal says what is expected, never what came.
    invalidText:
      'dom0:secret: invalid payload: expected { kind: "password" | "passphrase" | "sudo-password", value: a non-empty string }',
  }),
  'dom0:shell-open': request<{ shellId: string }>()(Dom0ShellOpenSchema),
  'dom0:shell-input': notice(Dom0ShellInputSchema),
  'dom0:shell-resize': notice(Dom0ShellResizeSchema),
  'dom0:shell-close': notice(Dom0ShellRefSchema),
} as const;

export interface Dom0ServerEvents {
  /** The server met a host key it does not know: show the fingerprint and ask. */
  'dom0:hostkey': (msg: Dom0HostKeyPrompt) => void;
  /** The server needs a secret to go on (after an auth or sudo failure). */
  'dom0:secret-needed': (msg: { kind: Dom0SecretKind; message: string }) => void;
  'dom0:shell-data': (msg: { shellId: string; data: string }) => void;
  'dom0:shell-exit': (msg: { shellId: string; message: string }) => void;
  /** The pooled connection went up or down. */
  'dom0:connection': (msg: { state: 'connected' | 'disconnected'; detail: string }) => void;
}
