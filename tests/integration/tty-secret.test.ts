// The CLI's secret prompt on a real pseudo-terminal: what was typed before the question came
// (a line typed during a long run, an Enter pressed while waiting) is dropped, never taken as the
// password (nor an empty answer, which would cancel); what is typed after the prompt is the answer.
import { spawn, type IPty } from 'node-pty';
import { afterEach, describe, expect, it } from 'vitest';
import { pollFor } from '../helpers/poll';

let term: IPty | undefined;

afterEach(() => {
  term?.kill();
  term = undefined;
});

function probe(): { term: IPty; output: () => string } {
  let output = '';
  const started = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/tty-secret-probe.ts'], {
    cols: 120,
    rows: 20,
    cwd: process.cwd(),
    env: process.env as Record<string, string>,
  });
  started.onData((d) => void (output += d));
  term = started;
  return { term: started, output: () => output };
}

describe('ttySecretAsker on a terminal', () => {
  it.each([
    ['a line typed ahead', 'typed-ahead\r'],
    ['an Enter typed ahead', '\r'],
    ['half a line typed ahead', 'half-typed'],
  ])(
    'drops %s and takes what is typed after the prompt',
    async (_name, typedAhead) => {
      const p = probe();
      await pollFor('the probe to start', () => p.output().includes('probe ready'), { timeoutMs: 30_000 });
      p.term.write(typedAhead);
      // The terminal echoes input as its line discipline queues it (echo is on before the question):
      // once the echo shows, the bytes wait in the terminal's input queue.
      const echo = typedAhead.replace('\r', '\r\n');
      await pollFor('the type-ahead echoed', () => p.output().includes(echo), { timeoutMs: 10_000 });
      process.kill(p.term.pid, 'SIGUSR1');
      await pollFor('the prompt', () => p.output().includes('Enter the sudo password for probe'), {
        timeoutMs: 10_000,
      });
      p.term.write('the-right-answer\r');
      await pollFor('the answer line', () => /answer=.*\r?\n/.test(p.output()), { timeoutMs: 10_000 });
      expect(/answer=(.*?)\r?\n/.exec(p.output())?.[1]).toBe('the-right-answer');
    },
    60_000,
  );
});
