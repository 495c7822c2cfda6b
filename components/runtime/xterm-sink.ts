// xterm.js 6 in a container, fitted to it, counting what it wrote (data-written, for tests and the
// benchmark). Only ever reached through dynamic import(): xterm stays out of first-load JS.
import { appendTail, appendTailBytes, plainTail } from './output-tail';
import { openFittedTerminal } from './xterm-setup';
import type { TerminalSink } from './terminal-sink';
import { DisposableStore, Emitter } from '../../lib/lifecycle';
import { WriteBatcher } from './write-batcher';

const WRITTEN_UPDATE_MS = 100;
/** While output keeps coming, one write into xterm (and so one rendered frame) per this many ms at most. */
const WRITE_BATCH_MS = 50;
/** A batch goes to xterm in writes of at most this many characters: xterm yields to clicks between writes. */
const MAX_WRITE_CHARS = 128 * 1024;

export function openXtermSink(container: HTMLElement): TerminalSink {
  const { terminal, observer } = openFittedTerminal(container, {
    convertEol: false,
    disableStdin: true,
    cursorBlink: false,
  });

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
  // While output keeps coming, the count and text are shown at most every WRITTEN_UPDATE_MS; once
  // the terminal has processed all it was given, at once (a run's last output is never shown late).
  const showSoon = () => {
    if (batcher.idle) {
      if (shownTimer) clearTimeout(shownTimer);
      shownTimer = undefined;
      return show();
    }
    shownTimer ??= setTimeout(() => {
      shownTimer = undefined;
      show();
    }, WRITTEN_UPDATE_MS);
  };
  container.dataset.written = '0';

  // Everything this sink holds, let go together in dispose().
  const owned = new DisposableStore();
  owned.add({ dispose: () => text.remove() });
  owned.add({ dispose: () => terminal.dispose() });
  owned.add({ dispose: () => observer.disconnect() });
  const resized = owned.add(new Emitter<{ cols: number; rows: number }>());
  owned.add(terminal.onResize((size) => resized.fire(size)));
  owned.add({ dispose: () => shownTimer && clearTimeout(shownTimer) });
  const batcher = new WriteBatcher(
    {
      write: (data, done) => terminal.write(data, done),
      now: () => performance.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    WRITE_BATCH_MS,
    MAX_WRITE_CHARS,
  );
  owned.add({ dispose: () => batcher.dispose() });

  return {
    write(data: string | Uint8Array, done?: () => void, chars?: number) {
      batcher.push({
        data,
        output: true,
        done: () => {
          written += chars ?? data.length;
          tail = typeof data === 'string' ? appendTail(tail, data) : appendTailBytes(tail, data);
          showSoon();
          done?.();
        },
      });
    },
    notice(message) {
      batcher.push({
        data: message,
        output: false,
        done: () => {
          tail = appendTail(tail, message);
          showSoon();
        },
      });
    },
    // RIS through the write queue, not terminal.reset(): output still queued for the previous run
    // lands before the reset, and the count restarts exactly where the new run's output begins.
    reset() {
      batcher.push({
        data: '\x1bc',
        output: false,
        done: () => {
          written = 0;
          tail = '';
          show();
        },
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
      return resized.event(({ cols, rows }) => listener(cols, rows));
    },
    dispose() {
      owned.dispose();
    },
  };
}
