// The one place where dom0 command text is built: argv and environment are POSIX
// single-quoted, and the command is wrapped so the remote side reports its process group
// (for cancel) and, when root is needed, goes through sudo.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** POSIX single quotes: safe for any byte string, including quotes, `$()`, newlines. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function envAssignments(env: Readonly<Record<string, string>> = {}): string[] {
  return Object.entries(env).map(([name, value]) => {
    if (!ENV_NAME.test(name))
      throw new Error(`"${name}" is not an environment variable name: expected letters, digits and _`);
    return `${name}=${shellQuote(value)}`;
  });
}

/** `VAR='value' 'prog' 'arg'...`: argv run with extra environment, as shell text. */
export function commandLine(argv: readonly string[], env?: Readonly<Record<string, string>>): string {
  if (argv.length === 0) throw new Error('empty argv: nothing to run');
  return [...envAssignments(env), ...argv.map(shellQuote)].join(' ');
}

/**
 * How a root command goes through sudo: not at all, `sudo -n`, a held password read from stdin, or
 * `sudo -S -p <prompt>` whose prompt the runner answers on the terminal (sudo-pty.ts).
 */
export type SudoMode = HeldSudoMode | { readonly prompt: string };
/** The modes that need no answering: what exec, cancel and kill use. */
export type HeldSudoMode = 'none' | 'no-password' | 'password';

export interface RemoteScriptOptions {
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly sudo: SudoMode;
  /** Printed with the shell's pid (= its process group) before anything runs. */
  readonly marker: string;
  /** A terminal is attached: hide the sudo password from echo. */
  readonly pty: boolean;
}

/**
 * The text for the exec channel. The login shell sshd starts is a session (and process group)
 * leader, so `$$` is the group to kill on cancel. With a sudo password the script reads one line
 * from stdin (echo off on a terminal), validates it with `sudo -S -v`, then runs `sudo -n` (the password
 * never reaches the command's stdin, and is never in command text).
 */
export function remoteScript(o: RemoteScriptOptions): string {
  const announce = `printf '%s %s\\n' ${shellQuote(o.marker)} "$$"${o.pty ? '' : ' >&2'}`;
  if (o.sudo === 'none')
    return `${announce}; ${[...envAssignments(o.env), 'exec', ...o.argv.map(shellQuote)].join(' ')}`;
  const run = `exec sudo -n -- env ${commandLine(o.argv, o.env)}`;
  if (o.sudo === 'no-password') return `${announce}; ${run}`;
  if (typeof o.sudo === 'object')
    return `${announce}; exec sudo -S -p ${shellQuote(o.sudo.prompt)} -- env ${commandLine(o.argv, o.env)}`;
  const echoOff = o.pty ? 'stty -echo; ' : '';
  const echoOn = o.pty ? 'stty echo; ' : '';
  // Not exec'd: without a terminal sudo's timestamp is kept per parent process, which must be this
  // shell. `; exit $?` keeps `sudo -n` from being the last command: bash -c (a Debian user's login
  // shell, which sshd runs this with) execs its last simple command, so `sudo -n` would get sshd as
  // its parent and sudo 1.9 would ask for the password again (seen on the plain Debian 12 lab VM).
  return (
    `${echoOff}${announce}; IFS= read -r ONRAMP_SUDO_PW; ${echoOn}` +
    `printf '%s\\n' "$ONRAMP_SUDO_PW" | sudo -S -p '' -v 2>/dev/null; unset ONRAMP_SUDO_PW; ${run.slice('exec '.length)}; exit $?`
  );
}

/**
 * Stop a remote process group: TERM, up to 0.3 s for it to go (checked every 50 ms), then KILL.
 * A root run is stopped through sudo too, with the sudo password read from stdin when it has one.
 */
export function killGroupScript(pgid: number, sudo: HeldSudoMode): string {
  // The shell's builtin kill takes `-PGID` (dash refuses `--`); procps' /usr/bin/kill, which sudo
  // runs, silently ignores `-PGID` unless it follows `--`.
  const kill = sudo === 'none' ? 'kill' : 'sudo -n kill';
  const group = sudo === 'none' ? `-${Math.trunc(pgid)}` : `-- -${Math.trunc(pgid)}`;
  const unlock =
    sudo === 'password'
      ? `IFS= read -r ONRAMP_SUDO_PW; printf '%s\\n' "$ONRAMP_SUDO_PW" | sudo -S -p '' -v 2>/dev/null; unset ONRAMP_SUDO_PW; `
      : '';
  return (
    `${unlock}${kill} -TERM ${group} 2>/dev/null; i=0; ` +
    `while ${kill} -0 ${group} 2>/dev/null && [ $i -lt 6 ]; do sleep 0.05; i=$((i+1)); done; ` +
    `${kill} -KILL ${group} 2>/dev/null; true`
  );
}

/** sudo's own words when it wants a password we did not give. */
export function sudoWantsPassword(stderr: string): boolean {
  return /sudo: (a password is required|a terminal is required)/.test(stderr);
}
