// An interactive xterm.js for the dom0 shell: keystrokes out, output in, fitted to its container.
// Only reached through dynamic import(): xterm stays out of the settings page's first load.
import { appendTail, plainTail } from '../runtime/output-tail';
import { openFittedTerminal } from '../runtime/xterm-setup';

export interface ShellTerminal {
  write(data: string): void;
  readonly cols: number;
  readonly rows: number;
  onInput(listener: (data: string) => void): () => void;
  onResize(listener: (cols: number, rows: number) => void): () => void;
  focus(): void;
  dispose(): void;
}

export function openShellTerminal(container: HTMLElement): ShellTerminal {
  const { terminal, observer } = openFittedTerminal(container, { cursorBlink: true });

  // A plain-text copy of the last output, for screen readers and tests.
  const text = document.createElement('pre');
  text.className = 'visually-hidden';
  text.dataset.terminalText = '';
  container.append(text);
  let tail = '';

  const subscriptions: Array<{ dispose(): void }> = [];

  return {
    write(data) {
      terminal.write(data, () => {
        tail = appendTail(tail, data);
        text.textContent = plainTail(tail);
      });
    },
    get cols() {
      return terminal.cols;
    },
    get rows() {
      return terminal.rows;
    },
    onInput(listener) {
      const sub = terminal.onData(listener);
      subscriptions.push(sub);
      return () => sub.dispose();
    },
    onResize(listener) {
      const sub = terminal.onResize(({ cols, rows }) => listener(cols, rows));
      subscriptions.push(sub);
      return () => sub.dispose();
    },
    focus() {
      terminal.focus();
    },
    dispose() {
      observer.disconnect();
      for (const sub of subscriptions) sub.dispose();
      terminal.dispose();
      text.remove();
    },
  };
}
