// A step printing 100 MB through the companion server into the browser terminal:
// throughput, bytes produced vs bytes written into xterm, and the server's peak RSS.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/helpers/chromium';
import { readFileSync } from 'node:fs';
import { startServer, stopServer } from '../tests/helpers/onramp-process';
import { browserCpu, cpuSeconds } from './process-cpu';

const SERVER_NODE_FLAGS = '--max-semi-space-size=2';
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export async function benchTerminalThroughput(stepId = 'flood'): Promise<Record<string, number | string>> {
  // The V8 flag the `onramp` command runs with (bin/onramp.mjs shebang, npm start).
  const server = await startServer({
    NODE_OPTIONS: [process.env.NODE_OPTIONS, SERVER_NODE_FLAGS].filter(Boolean).join(' '),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(server.tokenUrl);
    await page.goto(`${server.origin}/guide/playground`);
    const serverPid = server.process.pid!;
    const rssBefore = peakRssMb(serverPid);
    const serverCpuBefore = cpuSeconds(serverPid);
    const browserCpuBefore = browserCpu([serverPid]);
    const started = Date.now();
    await page.getByTestId(`run-${stepId}`).click();
    await page
      .getByTestId(`status-${stepId}`)
      .filter({ hasText: /exited with code/ })
      .waitFor({ timeout: 600_000 });
    const runs = (await (await page.request.get(`${server.origin}/api/runs`)).json()) as Array<{
      stepId: string;
      length: number;
    }>;
    const produced = runs.find((r) => r.stepId === stepId)?.length ?? -1;
    const terminal = page.getByTestId(`terminal-${stepId}`);
    const deadline = Date.now() + 600_000;
    let written = 0;
    while (Date.now() < deadline) {
      written = Number(await terminal.getAttribute('data-written'));
      if (written >= produced) break;
      await page.waitForTimeout(100);
    }
    const seconds = (Date.now() - started) / 1000;
    const serverCpu = cpuSeconds(serverPid) - serverCpuBefore;
    const browserCpuAfter = browserCpu([serverPid]);
    const [load1] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return {
      'terminal: characters produced by the pty': produced,
      'terminal: characters written into xterm': written,
      'terminal: received = sent': written === produced ? 'yes' : 'NO',
      'terminal: seconds': Number(seconds.toFixed(2)),
      'terminal: MB/s (target >= 30)': Number((produced / 1e6 / seconds).toFixed(1)),
      'server: peak RSS MB before the flood': Number(rssBefore.toFixed(1)),
      'server: peak RSS MB (target < 150)': Number(peakRssMb(serverPid).toFixed(1)),
      'server: CPU seconds during the flood': Number(serverCpu.toFixed(2)),
      'browser: renderer main thread CPU seconds': Number(
        (browserCpuAfter.rendererMain - browserCpuBefore.rendererMain).toFixed(2),
      ),
      'browser: all renderer threads CPU seconds': Number(
        (browserCpuAfter.renderers - browserCpuBefore.renderers).toFixed(2),
      ),
      'browser: other chromium processes CPU seconds': Number(
        (browserCpuAfter.others - browserCpuBefore.others).toFixed(2),
      ),
      'machine: load average (1 min) at the end': load1 ?? '?',
    };
  } finally {
    await browser.close();
    await stopServer(server);
  }
}
