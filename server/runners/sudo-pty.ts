// Answer sudo's password prompt on a terminal run: the stored password first (once), then the
// reader through the run's secret prompt. The password is written to sudo's stdin (the terminal,
// with echo off: sudo turns echo off before it prints the prompt), never to the output, the
// command line or the environment. Input typed meanwhile is held so it cannot land in sudo's read.
import { Emitter } from '../../lib/lifecycle';
import { runMessage, type RunResult } from '../../protocol/run-result';
import type { Target } from '../../protocol/ids';
import { SudoPromptScanner, sudoGaveUp, sudoGaveUpError, sudoPromptMessage, sudoSaidSorry } from './sudo-prompt';
import type { PtyProcess, SecretAsker } from './types';

export interface SudoAnswering {
  /** The `-p` string sudo was started with (or its SUDO_PROMPT). */
  readonly prompt: string;
  /** `root-step`: the step runs as root through this sudo. `inner-sudo`: a command in the step runs sudo. */
  readonly why?: 'root-step' | 'inner-sudo';
  readonly target: Target;
  /** e.g. "sudo password for alice on this computer". */
  readonly label: string;
  /** The password held for this target, if any. */
  readonly stored: () => string | undefined;
  readonly store: (password: string) => void;
  readonly forget: () => void;
  readonly ask: SecretAsker | undefined;
}

/** Output kept since the last answer, to read sudo's verdict on it. */
const VERDICT_WINDOW = 4096;

/** Wrap `proc` (started as `sudo -S -p <prompt> -- ...`) so sudo's prompts are answered and cut from its output. */
export function answerSudoPrompts(proc: PtyProcess, o: SudoAnswering): PtyProcess {
  const scanner = new SudoPromptScanner(o.prompt);
  // Output before the reader subscribes is held; the exit is kept for late listeners.
  const data = new Emitter<string>('until-listener');
  const exit = new Emitter<RunResult>('last');
  const heldInput: string[] = [];
  let attempts = 0;
  let asking = false;
  let sinceAnswer = '';
  let gaveUp: string | null = null;

  const emit = (text: string): void => {
    if (!text) return;
    sinceAnswer = (sinceAnswer + text).slice(-VERDICT_WINDOW);
    gaveUp ??= sudoGaveUp(sinceAnswer);
    data.fire(text);
  };
  const answer = (password: string): void => {
    sinceAnswer = '';
    proc.write(`${password}\n`);
    o.store(password);
    asking = false;
    for (const data of heldInput.splice(0)) proc.write(data);
  };
  const onPrompt = async (): Promise<void> => {
    const sorry = sudoSaidSorry(sinceAnswer);
    // A command that runs sudo more than once: a prompt after an accepted answer is a new sudo's first.
    if (o.why === 'inner-sudo' && !sorry) attempts = 0;
    attempts += 1;
    asking = true;
    // sudo asks again only after a wrong answer: whatever was stored is wrong.
    if (attempts > 1) o.forget();
    const stored = attempts === 1 ? o.stored() : undefined;
    if (stored !== undefined) return answer(stored);
    const value = await o.ask?.({
      kind: 'sudo-password',
      target: o.target,
      label: o.label,
      message: sudoPromptMessage(o.label, attempts, sorry, o.why),
      attempt: attempts,
    });
    if (value === undefined) return proc.cancel();
    answer(value);
  };

  // Both subscriptions live as long as the process: it ends, and they end with it.
  proc.onData((chunk) => {
    const scan = scanner.feed(chunk);
    emit(scan.text);
    for (let i = 0; i < scan.prompts; i++) void onPrompt();
  });
  proc.onExit((result) => {
    emit(scanner.flush());
    exit.fire(
      gaveUp !== null && result.error === undefined ? withError(result, sudoGaveUpError(gaveUp, o.label)) : result,
    );
  });

  return {
    onData: data.event,
    onExit: exit.event,
    write(input) {
      if (asking) heldInput.push(input);
      else proc.write(input);
    },
    resize: (cols, rows) => proc.resize(cols, rows),
    pause: () => proc.pause(),
    resume: () => proc.resume(),
    cancel: () => proc.cancel(),
  };
}

function withError(result: RunResult, error: string): RunResult {
  const { message: _message, ...fields } = result;
  const next = { ...fields, error };
  return { ...next, message: runMessage(next) };
}
