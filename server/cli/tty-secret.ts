// The CLI's side of the secret flow (SecretAsker): ask the person at the terminal for a key
// passphrase or sudo password, echo off, one line; input typed before the question is dropped. No terminal: nobody to ask (undefined), so the
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
async function readHidden(
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
  prompt: string,
): Promise<string | undefined> {
  // Echo off before the prompt shows: an answer typed the moment it appears must not be echoed.
  input.setRawMode(true);
  input.setEncoding('utf8');
  await dropTypeAhead(input);
  return new Promise((resolve) => {
    let value = '';
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

/** Input quiet this long counts as drained (ms). */
const TYPE_AHEAD_QUIET_MS = 60;
/** Someone typing without pause delays the prompt at most this long (ms). */
const TYPE_AHEAD_MAX_MS = 600;

/**
 * Read and drop what was typed before the question came (a line typed during the run, an Enter
 * pressed while waiting), so it is never taken as the secret or as an empty answer (a cancel).
 * Raw mode is on, so a half-typed line is readable too. Resolves once input is quiet.
 */
function dropTypeAhead(input: NodeJS.ReadStream): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    let timer: NodeJS.Timeout;
    const done = (): void => {
      input.off('data', restart);
      resolve();
    };
    const restart = (): void => {
      clearTimeout(timer);
      timer = setTimeout(done, Math.max(0, Math.min(TYPE_AHEAD_QUIET_MS, TYPE_AHEAD_MAX_MS - (Date.now() - started))));
    };
    input.on('data', restart);
    input.resume();
    restart();
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
