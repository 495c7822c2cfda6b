// The dom0 install wait: install marks from the serial log become progress lines, a VM that
// stops ends the wait at once, and a dom0 that never answers is reported with ssh's last error.
// Real ssh against a loopback port nothing listens on (no VM can boot here).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../server/machine/qemu/free-port';
import { waitForXenDom0 } from '../../server/machine/virtualbox/wait-dom0';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vbox-wait-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function target() {
  return {
    host: '127.0.0.1',
    port: await freeLoopbackPort(),
    user: 'root',
    identityFile: join(dir, 'id'),
    knownHostsFile: join(dir, 'known_hosts'),
  };
}

it('reports install marks as progress and stops when the VM stops', async () => {
  const serialLog = join(dir, 'serial.log');
  writeFileSync(
    serialLog,
    'SeaBIOS\r\n[  3.2] cloud-init[401]: onramp-install: packages installed\r\nonramp-install: dom0 provisioned\r\n',
  );
  const lines: string[] = [];
  let checks = 0;
  const wait = waitForXenDom0(
    { target: await target(), serialLog, alive: async () => checks++ < 1, deadlineMs: 60_000 },
    { phase: (t) => lines.push(t), elapsed: () => 0 },
  );
  await expect(wait).rejects.toThrow(/the VM stopped before dom0 answered over SSH; see its serial log .*serial\.log/);
  expect(lines).toEqual(['install: packages installed', 'install: dom0 provisioned']);
}, 30_000);

it('gives up at the deadline with the last ssh error', async () => {
  await expect(
    waitForXenDom0(
      { target: await target(), serialLog: join(dir, 'none.log'), alive: async () => true, deadlineMs: 500 },
      { phase: () => {}, elapsed: () => 0 },
    ),
  ).rejects.toThrow(/dom0 did not come up under Xen within 0 min \(last SSH answer: .*(refused|closed|Connection).*\)/);
}, 30_000);
