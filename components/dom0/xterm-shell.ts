// An interactive xterm.js for the dom0 shell: keystrokes out, output in, fitted to its container.
// Only reached through dynamic import(): xterm stays out of the settings page's first load.
import { appendTail, plainTail } from '../runtime/output-tail';
import { openFittedTerminal } from '../runtime/xterm-setup';
import { DisposableStore, type Disposable } from '../../lib/lifecycle';

export interface ShellTerminal {
  write(data: string): void;
  readonly cols: number;
  readonly rows: number;
  onInput(listener: (data: string) => void): Disposable;
  onResize(listener: (cols: number, rows: number) => void): Disposable;
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

  // Everything this terminal holds, let go together in dispose() (newest first: listeners, then the terminal).
  const owned = new DisposableStore();
  owned.add({ dispose: () => text.remove() });
  owned.add({ dispose: () => terminal.dispose() });
  owned.add({ dispose: () => observer.disconnect() });

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
      return owned.add(terminal.onData(listener));
    },
    onResize(listener) {
      return owned.add(terminal.onResize(({ cols, rows }) => listener(cols, rows)));
    },
    focus() {
      terminal.focus();
    },
    dispose() {
      owned.dispose();
    },
  };
}
