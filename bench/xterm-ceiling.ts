// The ceiling of the browser half on this machine: the same 101 000 000 characters written
// straight into a bare xterm.js in the same Chromium, with no server and no socket in the way.
// If this is below a target, no server change can reach it.
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';
import { join, resolve } from 'node:path';
import { browserCpu } from './process-cpu';

export interface CeilingFigures {
  readonly chars: number;
  readonly seconds: number;
  /** Million characters per second. */
  readonly mbps: number;
  /** CPU seconds of the renderer main thread, of all renderer threads, and of other Chromium processes. */
  readonly rendererMainCpu: number;
  readonly renderersCpu: number;
  readonly othersCpu: number;
}

export async function measureXtermCeiling(): Promise<CeilingFigures> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    return await xtermCeilingOnPage(page);
  } finally {
    await browser.close();
  }
}

/** The ceiling measured on an open (blank) page. */
export async function xtermCeilingOnPage(page: Page): Promise<CeilingFigures> {
  const xtermDir = join(resolve(import.meta.dirname, '..'), 'node_modules/@xterm/xterm');
  {
    await page.setContent('<div id="t" style="width:900px;height:400px"></div>');
    await page.addStyleTag({ path: join(xtermDir, 'css/xterm.css') });
    await page.addScriptTag({ path: join(xtermDir, 'lib/xterm.js') });
    const before = browserCpu([]);
    const { chars, ms } = await page.evaluate(async () => {
      const { Terminal } = window as unknown as {
        Terminal: new (o: object) => { open(e: Element): void; write(d: string, cb: () => void): void };
      };
      const term = new Terminal({ scrollback: 1000 });
      term.open(document.getElementById('t')!);
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
      return { chars: sent, ms: performance.now() - started };
    });
    const after = browserCpu([]);
    return {
      chars,
      seconds: ms / 1000,
      mbps: chars / 1e6 / (ms / 1000),
      rendererMainCpu: after.rendererMain - before.rendererMain,
      renderersCpu: after.renderers - before.renderers,
      othersCpu: after.others - before.others,
    };
  }
}

/** The figures of one run as printable lines (name → value). */
export function ceilingLines(f: CeilingFigures): Record<string, number | string> {
  return {
    'bare xterm.js: characters written': f.chars,
    'bare xterm.js: seconds': Number(f.seconds.toFixed(2)),
    'bare xterm.js: MB/s (the ceiling)': Number(f.mbps.toFixed(1)),
    'bare xterm.js: renderer main thread CPU seconds': Number(f.rendererMainCpu.toFixed(2)),
    'bare xterm.js: all renderer threads CPU seconds': Number(f.renderersCpu.toFixed(2)),
    'bare xterm.js: other chromium processes CPU seconds': Number(f.othersCpu.toFixed(2)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(ceilingLines(await measureXtermCeiling()))) console.log(`${k.padEnd(60)} ${v}`);
}
