// The CLI's side of the secret flow (SecretAsker): ask the person at the terminal for a key
// passphrase or sudo password, echo off, one line. No terminal: nobody to ask (undefined), so the
// error that needed the secret stands. The answer is handed to the caller only, never printed.
import type { SecretAsker, SecretRequest } from '../runners/types';

/** The prompt line for a request. Pure. */
export function secretPrompt(req: SecretRequest): string {
  return `${req.attempt > 1 ? `${req.message}. ` : ''}Enter the ${req.label}: `;
}

/**
 * Read one line from `input` (a TTY in raw mode) without echo. Enter ends it, Backspace edits,
 * Ctrl-C / Ctrl-D on an empty line cancel (undefined).
 */
function readHidden(input: NodeJS.ReadStream, output: NodeJS.WriteStream, prompt: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let value = '';
    // Echo off before the prompt shows: an answer typed the moment it appears must not be echoed.
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.resume();
    output.write(prompt);
    const finish = (answer: string | undefined): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      resolve(answer);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(value);
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(undefined);
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** A SecretAsker on the process's terminal, or undefined when stdin is not one. */
export function ttySecretAsker(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): SecretAsker | undefined {
  if (!input.isTTY) return undefined;
  // One question at a time: preflight's probes run in parallel, the answers must not interleave.
  let queue: Promise<unknown> = Promise.resolve();
  return (req) => {
    const next = queue.then(async () => {
      const answer = await readHidden(input, output, secretPrompt(req));
      return answer === '' ? undefined : answer;
    });
    queue = next.catch(() => undefined);
    return next;
  };
}
