// xterm.js 6 in a container, fitted to it, counting what it wrote (data-written, for tests and the
// benchmark). Only ever reached through dynamic import(): xterm stays out of first-load JS.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { appendTail, plainTail } from './output-tail';
import type { TerminalSink } from './terminal-sink';

const WRITTEN_UPDATE_MS = 100;

function themeFrom(el: HTMLElement) {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { background: v('--term-bg', '#0d1117'), foreground: v('--term-fg', '#e6edf3'), cursor: v('--term-fg', '#e6edf3') };
}

export function openXtermSink(container: HTMLElement): TerminalSink {
  const terminal = new Terminal({
    convertEol: false,
    disableStdin: true,
    cursorBlink: false,
    scrollback: 5000,
    fontSize: 13,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    theme: themeFrom(container),
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(container);
  fit.fit();

  const text = document.createElement('pre');
  text.className = 'visually-hidden';
  text.dataset.terminalText = '';
  container.append(text);

  let written = 0;
  let tail = '';
  let shownTimer: ReturnType<typeof setTimeout> | undefined;
  const show = () => {
    container.dataset.written = String(written);
    text.textContent = plainTail(tail);
  };
  const showSoon = () => {
    shownTimer ??= setTimeout(() => {
      shownTimer = undefined;
      show();
    }, WRITTEN_UPDATE_MS);
  };
  container.dataset.written = '0';

  const resizeListeners = new Set<(cols: number, rows: number) => void>();
  const sizeSub = terminal.onResize(({ cols, rows }) => resizeListeners.forEach((l) => l(cols, rows)));
  const observer = new ResizeObserver(() => fit.fit());
  observer.observe(container);

  return {
    write(data, done) {
      terminal.write(data, () => {
        written += data.length;
        tail = appendTail(tail, data);
        showSoon();
        done?.();
      });
    },
    notice(message) {
      terminal.write(message, () => {
        tail = appendTail(tail, message);
        showSoon();
      });
    },
    // RIS through the write queue, not terminal.reset(): output still queued for the previous run
    // lands before the reset, and the count restarts exactly where the new run's output begins.
    reset() {
      terminal.write('\x1bc', () => {
        written = 0;
        tail = '';
        show();
      });
    },
    reveal() {
      container.scrollIntoView({ block: 'nearest' });
    },
    get cols() {
      return terminal.cols;
    },
    get rows() {
      return terminal.rows;
    },
    onResize(listener) {
      resizeListeners.add(listener);
      return () => resizeListeners.delete(listener);
    },
    dispose() {
      if (shownTimer) clearTimeout(shownTimer);
      observer.disconnect();
      sizeSub.dispose();
      resizeListeners.clear();
      terminal.dispose();
      text.remove();
    },
  };
}
