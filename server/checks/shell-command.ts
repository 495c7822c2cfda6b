// The one way checks write the commands a fix shows: every argument POSIX-quoted once, so a VM,
// adapter or network name with spaces or quotes stays one word when the reader pastes it.
import { shellQuote } from '../ssh/remote-command';

/**
 * One argument as shell text: bare when it is safe, else single-quoted. A leading `~/` stays
 * outside the quotes (the shell must expand it), and in `--opt=VALUE` only VALUE is quoted.
 */
export function shellWord(arg: string): string {
  if (arg.startsWith('~/')) return arg.length === 2 ? arg : `~/${shellQuote(arg.slice(2))}`;
  const option = /^(--?[A-Za-z0-9][A-Za-z0-9-]*=)(.*)$/s.exec(arg);
  if (option?.[1] !== undefined && option[2] !== undefined) return `${option[1]}${shellQuote(option[2])}`;
  return shellQuote(arg);
}

/** `argv` as one pasteable command line (each argument through shellWord). */
export function shellCommand(...argv: readonly string[]): string {
  return argv.map(shellWord).join(' ');
}
