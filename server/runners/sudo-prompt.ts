// Pure reading of sudo's side of a terminal: Onramp gives sudo a prompt string of its own
// (`sudo -S -p <prompt>`), so the prompt can be told apart from the command's output, cut out of
// it, and answered; sudo's "Sorry, try again." and its final "N incorrect password attempts"
// (sudo's plugins/sudoers/check.c wording) say how the answers went.
import { randomBytes } from 'node:crypto';

/** sudo's words after a wrong password (it asks again, up to `passwd_tries`, 3 by default). */
export const SUDO_SORRY = 'Sorry, try again.';
const GAVE_UP = /^sudo: (\d+) incorrect password attempts?\s*$/m;

/**
 * A prompt no command prints by chance: random per run. It avoids `%`, which sudo expands
 * (`%u`, `%h`, ...), and ends in ": " like sudo's own.
 */
export function newSudoPrompt(): string {
  return `[onramp-sudo-${randomBytes(8).toString('hex')}] password: `;
}

export interface PromptScan {
  /** Output with every prompt cut out, to show and keep. */
  readonly text: string;
  /** How many times sudo asked in this piece of output. */
  readonly prompts: number;
}

/**
 * Cuts Onramp's prompt out of a terminal stream fed in chunks of any size. The end of a chunk
 * that could be the start of the prompt is held until the next chunk says.
 */
export class SudoPromptScanner {
  private pending = '';

  constructor(private readonly prompt: string) {}

  feed(chunk: string): PromptScan {
    let rest = this.pending + chunk;
    let text = '';
    let prompts = 0;
    for (let at = rest.indexOf(this.prompt); at >= 0; at = rest.indexOf(this.prompt)) {
      text += rest.slice(0, at);
      rest = rest.slice(at + this.prompt.length);
      prompts += 1;
    }
    const hold = heldTail(rest, this.prompt);
    this.pending = rest.slice(rest.length - hold);
    return { text: text + rest.slice(0, rest.length - hold), prompts };
  }

  /** What is still held at the end of the stream (it was not the prompt after all). */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }
}

/** Length of the longest end of `text` that is a start of `prompt` (shorter than the prompt). */
function heldTail(text: string, prompt: string): number {
  for (let n = Math.min(text.length, prompt.length - 1); n > 0; n--) if (prompt.startsWith(text.slice(-n))) return n;
  return 0;
}

/** True when sudo said its "Sorry, try again." in `output` (the output since the last answer). */
export function sudoSaidSorry(output: string): boolean {
  return output.includes(SUDO_SORRY);
}

/** sudo's own line when it gave up after wrong passwords ("sudo: 3 incorrect password attempts"), or null. */
export function sudoGaveUp(output: string): string | null {
  return GAVE_UP.exec(output)?.[0].trim() ?? null;
}

/** The message shown with a sudo prompt: the first ask, or a retry after sudo refused the last answer. */
export function sudoPromptMessage(
  label: string,
  attempt: number,
  sorry: boolean,
  why: 'root-step' | 'inner-sudo' = 'root-step',
): string {
  if (attempt <= 1)
    return why === 'root-step'
      ? `This step runs as root: sudo asks for the ${label}.`
      : `A command in this step needs root: sudo asks for the ${label}.`;
  const said = sorry ? `sudo said "${SUDO_SORRY}"` : 'sudo asked again';
  return `That password was not accepted (${said}). Enter the ${label} again (attempt ${attempt}; sudo stops after 3).`;
}

/** The run's error when sudo gave up: sudo's own words, what they mean, and the fix. */
export function sudoGaveUpError(gaveUp: string, label: string): string {
  return `${gaveUp}: the ${label} was refused each time; run the step again and enter the right password`;
}
