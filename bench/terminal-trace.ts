// Where the browser's main thread spends the 100 MB flood: a Chrome trace of the playground page,
// summed by trace event name on the busiest renderer thread. `npx tsx bench/terminal-trace.ts`
// (MOUSE=x,y moves the pointer after the click; NO_POINTER=1 clicks without ever placing it on the
// page). Uses the test build (ONRAMP_TEST_BUILD_DIR).
import { chromium } from 'playwright-core';
import { startServer, stopServer } from '../tests/helpers/onramp-process';
const server = await startServer({ NODE_OPTIONS: '--max-semi-space-size=2' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.goto(server.tokenUrl);
  await page.goto(`${server.origin}/guide/playground`);
  const cdp = await page.context().newCDPSession(page);
  const events: Array<{ name: string; ph: string; dur?: number; tid: number; pid: number; cat: string }> = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as typeof events)));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,toplevel,v8,blink', transferMode: 'ReportEvents' });
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
  for (const e of events)
    if (e.ph === 'X' && `${e.pid}:${e.tid}` === main) by.set(e.name, (by.get(e.name) ?? 0) + (e.dur ?? 0));
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log((v / 1000).toFixed(0).padStart(7), k);
} finally {
  await browser.close();
  await stopServer(server);
}
