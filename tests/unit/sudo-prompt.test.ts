// sudo's side of a terminal, read purely: the prompt cut out of output fed in any chunking,
// sudo's own words after wrong passwords, and the messages the step's panel shows.
import { describe, expect, it } from 'vitest';
import {
  newSudoPrompt,
  SudoPromptScanner,
  sudoGaveUp,
  sudoGaveUpError,
  sudoPromptMessage,
  sudoSaidSorry,
} from '../../server/runners/sudo-prompt';

const PROMPT = '[onramp-sudo-0123456789abcdef] password: ';
// What a pty showed for a wrong then a right password (real sudo 1.9.13, Debian 12), prompt included.
const REAL = `${PROMPT}\r\nSorry, try again.\r\n${PROMPT}\r\nuid=0\r\nxval\r\n`;

function scanIn(pieces: readonly string[]): { text: string; prompts: number } {
  const scanner = new SudoPromptScanner(PROMPT);
  let text = '';
  let prompts = 0;
  for (const p of pieces) {
    const r = scanner.feed(p);
    text += r.text;
    prompts += r.prompts;
  }
  return { text: text + scanner.flush(), prompts };
}

describe('SudoPromptScanner', () => {
  it('cuts every prompt out and counts them, whatever the chunk size', () => {
    for (const size of [1, 2, 3, 7, 13, 40, REAL.length]) {
      const pieces: string[] = [];
      for (let i = 0; i < REAL.length; i += size) pieces.push(REAL.slice(i, i + size));
      expect(scanIn(pieces), `chunks of ${size}`).toEqual({
        text: '\r\nSorry, try again.\r\n\r\nuid=0\r\nxval\r\n',
        prompts: 2,
      });
    }
  });

  it('gives back a held start of the prompt that turned out to be output', () => {
    expect(scanIn(['ok [onramp-sud', 'o-x] no'])).toEqual({ text: 'ok [onramp-sudo-x] no', prompts: 0 });
    expect(scanIn(['tail [onramp'])).toEqual({ text: 'tail [onramp', prompts: 0 });
  });

  it('leaves output that only looks like another run’s prompt alone', () => {
    const other = '[onramp-sudo-ffffffffffffffff] password: ';
    expect(scanIn([`echo ${other}`])).toEqual({ text: `echo ${other}`, prompts: 0 });
  });
});

describe('newSudoPrompt', () => {
  it('is random per run, has no % (sudo expands %u, %h...) and ends like sudo’s own', () => {
    const a = newSudoPrompt();
    expect(a).not.toBe(newSudoPrompt());
    expect(a).not.toContain('%');
    expect(a).toMatch(/^\[onramp-sudo-[0-9a-f]{16}\] password: $/);
  });
});

describe("sudo's verdicts", () => {
  it('reads "Sorry, try again." and the final "3 incorrect password attempts"', () => {
    const out = '\r\nSorry, try again.\r\n\r\nSorry, try again.\r\n\r\nsudo: 3 incorrect password attempts\r\n';
    expect(sudoSaidSorry(out)).toBe(true);
    expect(sudoSaidSorry('\r\nuid=0\r\n')).toBe(false);
    expect(sudoGaveUp(out)).toBe('sudo: 3 incorrect password attempts');
    expect(sudoGaveUp('sudo: 1 incorrect password attempt\n')).toBe('sudo: 1 incorrect password attempt');
    expect(sudoGaveUp('Sorry, try again.\r\n')).toBeNull();
  });

  it('says what is asked, why it is asked again, and how the run ended', () => {
    const label = 'sudo password for alice on this computer';
    expect(sudoPromptMessage(label, 1, false)).toBe(
      'This step runs as root: sudo asks for the sudo password for alice on this computer.',
    );
    expect(sudoPromptMessage(label, 1, false, 'inner-sudo')).toBe(
      'A command in this step needs root: sudo asks for the sudo password for alice on this computer.',
    );
    expect(sudoPromptMessage(label, 2, true)).toBe(
      'That password was not accepted (sudo said "Sorry, try again."). Enter the sudo password for alice on this computer again (attempt 2; sudo stops after 3).',
    );
    expect(sudoGaveUpError('sudo: 3 incorrect password attempts', label)).toBe(
      'sudo: 3 incorrect password attempts: the sudo password for alice on this computer was refused each time; run the step again and enter the right password',
    );
  });
});
