// Where the browser's main thread spends the 100 MB flood: a Chrome trace summed by trace event
// name on the busiest renderer thread, for the app (the playground page) or the bare xterm.js
// ceiling. `npx tsx bench/terminal-trace.ts` (TARGET=app|ceiling; MOUSE=x,y moves the pointer
// after the click; NO_POINTER=1 clicks without ever placing it on the page). Uses the test build.
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';
import { signIn, startServer, stopServer } from '../tests/helpers/onramp-process';
import { xtermCeilingOnPage } from './xterm-ceiling';

type TraceEvent = { name: string; ph: string; dur?: number; tid: number; pid: number; cat: string };

async function traced(page: Page, work: () => Promise<void>): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,toplevel,v8,blink', transferMode: 'ReportEvents' });
  const t = Date.now();
  await work();
  console.log(`wall seconds ${(Date.now() - t) / 1000}`);
  await cdp.send('Tracing.end');
  await done;
  // The renderer main thread is the one that ran the most task time.
  const perThread = new Map<string, number>();
  for (const e of events)
    if (e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask')
      perThread.set(`${e.pid}:${e.tid}`, (perThread.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
  console.log(
    [...perThread]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, v]) => `${k} ${(v / 1e6).toFixed(2)}s`)
      .join('\n'),
  );
  const main = [...perThread].sort((a, b) => b[1] - a[1])[0]?.[0];
  const by = new Map<string, number>();
  const count = new Map<string, number>();
  for (const e of events)
    if (e.ph === 'X' && `${e.pid}:${e.tid}` === main) {
      by.set(e.name, (by.get(e.name) ?? 0) + (e.dur ?? 0));
      count.set(e.name, (count.get(e.name) ?? 0) + 1);
    }
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log((v / 1000).toFixed(0).padStart(7), String(count.get(k)).padStart(7), k);
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  if (process.env.TARGET === 'ceiling') {
    const page = await browser.newPage();
    await traced(page, async () => console.log(await xtermCeilingOnPage(page)));
  } else {
    const server = await startServer({ NODE_OPTIONS: '--max-semi-space-size=2' });
    try {
      const page = await browser.newPage();
      await signIn(page, server);
      await page.goto(`${server.origin}/guide/playground`);
      await traced(page, async () => {
        if (process.env.NO_POINTER) await page.getByTestId('run-flood').dispatchEvent('click');
        else await page.getByTestId('run-flood').click();
        if (process.env.MOUSE) {
          const [x, y] = process.env.MOUSE.split(',').map(Number);
          await page.mouse.move(x!, y!);
        }
        await page.waitForFunction(
          () => document.querySelector('[data-testid=terminal-flood]')?.getAttribute('data-written') === '101000000',
          null,
          { timeout: 600_000, polling: 500 },
        );
      });
    } finally {
      await stopServer(server);
    }
  }
} finally {
  await browser.close();
}
