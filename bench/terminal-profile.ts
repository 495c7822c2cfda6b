// Where the renderer's JavaScript time goes in the 100 MB flood, for the app and for the bare
// xterm.js ceiling: a V8 sampling profile of each, summed by function (self time).
// `npx tsx bench/terminal-profile.ts` (TARGET=app|ceiling|both). Uses the test build.
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';
import { signIn, startServer, stopServer } from '../tests/helpers/onramp-process';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function profiled(page: Page, work: () => Promise<void>): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await work();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  console.log(`total sampled ${(total / 1e6).toFixed(2)} s`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}

const target = process.env.TARGET ?? 'both';
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  if (target !== 'ceiling') {
    const server = await startServer({ NODE_OPTIONS: '--max-semi-space-size=2' });
    try {
      const page = await browser.newPage();
      await signIn(page, server);
      await page.goto(`${server.origin}/guide/playground`);
      console.log('\n## app');
      await profiled(page, async () => {
        const t = Date.now();
        await page.getByTestId('run-flood').click();
        await page.waitForFunction(
          () => document.querySelector('[data-testid=terminal-flood]')?.getAttribute('data-written') === '101000000',
          null,
          { timeout: 600_000, polling: 200 },
        );
        console.log(`seconds ${(Date.now() - t) / 1000}`);
      });
      await page.close();
    } finally {
      await stopServer(server);
    }
  }
  if (target !== 'app') {
    const { xtermCeilingOnPage } = await import('./xterm-ceiling');
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    console.log('\n## ceiling');
    await profiled(page, async () => console.log(await xtermCeilingOnPage(page)));
  }
} finally {
  await browser.close();
}
