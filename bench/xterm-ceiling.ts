// The ceiling of the browser half on this machine: the same 101 000 000 characters written
// straight into a bare xterm.js in the same Chromium, with no server and no socket in the way.
// If this is below a target, no server change can reach it.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';
import { join, resolve } from 'node:path';

export async function benchXtermCeiling(): Promise<Record<string, number | string>> {
  const xtermDir = join(resolve(import.meta.dirname, '..'), 'node_modules/@xterm/xterm');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    await page.setContent('<div id="t" style="width:900px;height:400px"></div>');
    await page.addStyleTag({ path: join(xtermDir, 'css/xterm.css') });
    await page.addScriptTag({ path: join(xtermDir, 'lib/xterm.js') });
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
    return {
      'bare xterm.js: characters written': chars,
      'bare xterm.js: seconds': Number((ms / 1000).toFixed(2)),
      'bare xterm.js: MB/s (the ceiling for the 30 MB/s target)': Number((chars / 1e6 / (ms / 1000)).toFixed(1)),
    };
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await benchXtermCeiling())) console.log(`${k.padEnd(60)} ${v}`);
}
