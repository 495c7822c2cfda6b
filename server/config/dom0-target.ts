// dom0's SSH target: parse what the user typed (`user@host:port`, `[::1]:2222`, an alias from
// ~/.ssh/config), resolve it as OpenSSH would, and keep it in dom0.json (0600, atomic).
import { readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import { Dom0TargetSchema, type Dom0Auth, type Dom0Target } from '../../protocol/socket-dom0';
import { writeFileAtomic } from './atomic-write';
import { readJsonStateFile } from './json-state-file';
import { configDir, expandHome } from './paths';
import type { Result } from '../../protocol/result';

export { Dom0TargetSchema, type Dom0Auth, type Dom0Target };

/** What a target string and ~/.ssh/config say; auth is chosen afterwards. */
export interface TargetSpec {
  readonly host: string;
  readonly port: number;
  readonly user?: string;
  /** IdentityFile paths with `~` expanded, in OpenSSH's order. */
  readonly identityFiles: readonly string[];
  readonly proxyJump?: string;
  /** The `Host` alias the spec named, when ~/.ssh/config changed the host name. */
  readonly alias?: string;
}

export type ParsedTarget = Result<TargetSpec>;

const SPEC_FORMS = '`user@host:port`, `user@host`, `host`, `[::1]:2222` or a Host alias from ~/.ssh/config';

function splitUser(spec: string): { user?: string; rest: string } {
  const at = spec.lastIndexOf('@');
  return at > 0 ? { user: spec.slice(0, at), rest: spec.slice(at + 1) } : { rest: spec };
}

function splitPort(rest: string): { host: string; port?: string } | null {
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracket)
    return bracket[2] === undefined ? { host: bracket[1] ?? '' } : { host: bracket[1] ?? '', port: bracket[2] };
  const colons = rest.split(':').length - 1;
  if (colons === 0) return { host: rest };
  if (colons > 1) return { host: rest };
  const [host, port] = rest.split(':');
  return { host: host ?? '', port: port ?? '' };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A one-hop ProxyJump that names a Host alias, spelled out as `user@hostname:port`. */
function resolveJump(jump: string, sshConfigText: string): string {
  const m = /^(?:([^@\s,]+)@)?([^:\s,[\]]+)(?::([0-9]{1,5}))?$/.exec(jump);
  if (!m || m[2] === undefined) return jump;
  const config = SSHConfig.parse(sshConfigText).compute(m[2], { ignoreCase: true, matchExec: false });
  const user = m[1] ?? first(config.user);
  const host = first(config.hostname)?.replace(/%h/g, m[2]) ?? m[2];
  const port = m[3] ?? first(config.port) ?? '22';
  return `${user !== undefined ? `${user}@` : ''}${host}:${port}`;
}

/** Parse a target string, applying ~/.ssh/config (given as text) like OpenSSH. Pure. */
export function parseTargetSpec(spec: string, sshConfigText?: string, home: string = homedir()): ParsedTarget {
  const trimmed = spec.trim();
  if (trimmed === '' || /[\s\u0000-\u001f'"`$;&|<>]/.test(trimmed)) {
    return { ok: false, error: `"${spec}" is not a dom0 target: expected ${SPEC_FORMS}` };
  }
  const { user, rest } = splitUser(trimmed);
  const parts = splitPort(rest);
  if (!parts || parts.host === '' || !/^[A-Za-z0-9._:%-]+$/.test(parts.host)) {
    return { ok: false, error: `"${spec}" has no valid host: expected ${SPEC_FORMS}` };
  }
  if (parts.port !== undefined && !/^[0-9]{1,5}$/.test(parts.port)) {
    return { ok: false, error: `"${spec}" has port "${parts.port}": a port is a number from 1 to 65535` };
  }
  const config = sshConfigText
    ? SSHConfig.parse(sshConfigText).compute(parts.host, { ignoreCase: true, matchExec: false })
    : {};
  const hostName = first(config.hostname)?.replace(/%h/g, parts.host);
  const portText = parts.port ?? first(config.port) ?? '22';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return { ok: false, error: `"${spec}" resolves to port "${portText}": a port is a number from 1 to 65535` };
  }
  const resolvedUser = user ?? first(config.user);
  const identity = config.identityfile;
  const identityFiles = (Array.isArray(identity) ? identity : identity ? [identity] : []).map((p) =>
    expandHome(p, home),
  );
  const jump = first(config.proxyjump);
  const proxyJump = jump !== undefined && jump !== 'none' && sshConfigText ? resolveJump(jump, sshConfigText) : jump;
  return {
    ok: true,
    value: {
      host: hostName ?? parts.host,
      port,
      identityFiles,
      ...(resolvedUser !== undefined ? { user: resolvedUser } : {}),
      ...(proxyJump !== undefined && proxyJump !== 'none' ? { proxyJump } : {}),
      ...(hostName !== undefined && hostName !== parts.host ? { alias: parts.host } : {}),
    },
  };
}

/** Read ~/.ssh/config (empty when there is none). */
export async function readSshConfigText(path: string = join(homedir(), '.ssh', 'config')): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** A full target from a spec: an explicit identity wins, then IdentityFile, then the agent. */
export function targetFromSpec(
  spec: TargetSpec,
  identity?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Dom0Target {
  const keyPath = identity ?? spec.identityFiles[0];
  const auth: Dom0Auth =
    keyPath !== undefined
      ? { kind: 'key', path: keyPath }
      : env.SSH_AUTH_SOCK
        ? { kind: 'agent' }
        : { kind: 'password' };
  return Dom0TargetSchema.parse({
    host: spec.host,
    port: spec.port,
    user: spec.user ?? userInfo().username,
    auth,
    ...(spec.proxyJump !== undefined ? { proxyJump: spec.proxyJump } : {}),
  });
}

export function dom0TargetPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'dom0.json');
}

export async function loadDom0Target(path: string = dom0TargetPath()): Promise<Dom0Target | null> {
  return readJsonStateFile(
    path,
    Dom0TargetSchema,
    (issue) =>
      `${path} is not a valid dom0 target (${issue?.message ?? 'invalid'}); set the target again or delete the file`,
  );
}

export async function saveDom0Target(target: Dom0Target, path: string = dom0TargetPath()): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(Dom0TargetSchema.parse(target), null, 2)}\n`, 0o600);
}
