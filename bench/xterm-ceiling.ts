// The ceiling of the browser half on this machine: the same 101 000 000 characters written
// straight into a bare xterm.js in the same Chromium, with no server and no socket in the way.
// If this is below a target, no server change can reach it.
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';
import { join, resolve } from 'node:path';
import { browserCpu } from './process-cpu';
import { XTERM_BASE_OPTIONS } from '../components/runtime/xterm-options';
import type { TerminalBox } from './terminal-throughput';

/** Without a measured app terminal: a terminal of about the app's size, no pointer on the page. */
const DEFAULT_BOX: TerminalBox = { x: 8, y: 8, width: 720, height: 227, rows: 0, pointer: { x: -1, y: -1 } };

export interface CeilingFigures {
  readonly chars: number;
  readonly seconds: number;
  /** Million characters per second. */
  readonly mbps: number;
  /** CPU seconds of the renderer main thread, of all renderer threads, and of other Chromium processes. */
  readonly rendererMainCpu: number;
  readonly renderersCpu: number;
  readonly othersCpu: number;
  /** The terminal's rows (to compare with the app's) and whether the pointer was on the page. */
  readonly rows: number;
  readonly pointerOnPage: boolean;
}

/**
 * The ceiling in a fresh Chromium, the page of the same (default) viewport as the app's, the
 * terminal with the app's options at the app terminal's place and size (`box`, measured in the
 * app run), and the pointer where the app run's click left it: Chromium hit-tests under the
 * pointer after every frame that changes layout, for the bare terminal as for the app.
 */
export async function measureXtermCeiling(box: TerminalBox = DEFAULT_BOX): Promise<CeilingFigures> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    return await xtermCeilingOnPage(page, box);
  } finally {
    await browser.close();
  }
}

/** The ceiling measured on an open (blank) page. */
export async function xtermCeilingOnPage(page: Page, box: TerminalBox = DEFAULT_BOX): Promise<CeilingFigures> {
  const modules = join(resolve(import.meta.dirname, '..'), 'node_modules/@xterm');
  {
    await page.setContent(
      `<div id="t" style="position:absolute;left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px"></div>`,
    );
    await page.addStyleTag({ path: join(modules, 'xterm/css/xterm.css') });
    await page.addScriptTag({ path: join(modules, 'xterm/lib/xterm.js') });
    await page.addScriptTag({ path: join(modules, 'addon-fit/lib/addon-fit.js') });
    const pointerOnPage = box.pointer.x >= 0 && box.pointer.y >= 0;
    if (pointerOnPage) await page.mouse.move(box.pointer.x, box.pointer.y);
    const before = browserCpu([]);
    const { chars, ms, rows } = await page.evaluate(async (options) => {
      const { Terminal, FitAddon } = window as unknown as {
        Terminal: new (o: object) => {
          open(e: Element): void;
          write(d: string, cb: () => void): void;
          loadAddon(a: unknown): void;
          rows: number;
        };
        FitAddon: { FitAddon: new () => { fit(): void } };
      };
      const term = new Terminal({ ...options, disableStdin: true, cursorBlink: false });
      const fit = new FitAddon.FitAddon();
      term.loadAddon(fit);
      term.open(document.getElementById('t')!);
      fit.fit();
      // 64 KiB chunks of the flood step's lines (99 'x' + CR LF), 101 000 000 characters in all.
      const line = 'x'.repeat(99) + '\r\n';
      const chunk = line.repeat(649);
      const total = 101_000_000;
      const started = performance.now();
      // Keep up to 4 MiB queued in xterm (the server's flow-control window), as the app does.
      let sent = 0;
      let written = 0;
      let wake: (() => void) | undefined;
      while (sent < total) {
        const piece = sent + chunk.length <= total ? chunk : chunk.slice(0, total - sent);
        sent += piece.length;
        term.write(piece, () => {
          written += piece.length;
          wake?.();
        });
        while (sent - written > 4 * 1024 * 1024) await new Promise<void>((done) => (wake = done));
      }
      while (written < total) await new Promise<void>((done) => (wake = done));
      return { chars: sent, ms: performance.now() - started, rows: term.rows };
    }, XTERM_BASE_OPTIONS);
    const after = browserCpu([]);
    return {
      chars,
      seconds: ms / 1000,
      mbps: chars / 1e6 / (ms / 1000),
      rendererMainCpu: after.rendererMain - before.rendererMain,
      renderersCpu: after.renderers - before.renderers,
      othersCpu: after.others - before.others,
      rows,
      pointerOnPage,
    };
  }
}

/** The figures of one run as printable lines (name → value). */
export function ceilingLines(f: CeilingFigures): Record<string, number | string> {
  return {
    'bare xterm.js: characters written': f.chars,
    'bare xterm.js: seconds': Number(f.seconds.toFixed(2)),
    'bare xterm.js: MB/s (the ceiling)': Number(f.mbps.toFixed(1)),
    'bare xterm.js: rows, pointer on the page': `${f.rows} rows, ${f.pointerOnPage ? 'yes' : 'no'}`,
    'bare xterm.js: renderer main thread CPU seconds': Number(f.rendererMainCpu.toFixed(2)),
    'bare xterm.js: all renderer threads CPU seconds': Number(f.renderersCpu.toFixed(2)),
    'bare xterm.js: other chromium processes CPU seconds': Number(f.othersCpu.toFixed(2)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(ceilingLines(await measureXtermCeiling()))) console.log(`${k.padEnd(60)} ${v}`);
}
