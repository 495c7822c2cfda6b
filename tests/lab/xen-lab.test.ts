// The lab lane: a real Xen 4.17 dom0 (Debian 12) under QEMU, made by `onramp machine`, and the
// hello-standin.xen PVH test stand-in booted on it. Real outputs are captured as fixtures.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverFor } from '../../server/machine/drivers';
import { opensshArgs } from '../../server/machine/openssh';
import type { MachineRecord } from '../../server/machine/record';
import { runTool } from '../../server/machine/run-tool';
import { pollFor } from '../helpers/poll';
import { ciRequiresLab, labSkipReason } from './lab-env';
import {
  cliFigures,
  copyToDom0,
  currentImageKey,
  dom0,
  LAB_MACHINE,
  labEnv,
  labRecord,
  measuredBootDeadline,
  onrampMachine,
  openLabConfig,
} from './lab-machine';
import { buildStandin, mirageXl } from './standin-build';
import { AFTER_CEILING_MS, BOOT_DEADLINE_CEILING_MS } from '../../server/checks/defs/boot-deadline';

const FIXTURES = new URL('../fixtures/tools/xen-lab/', import.meta.url).pathname;
const TOOL_FIXTURES = new URL('../fixtures/tools/', import.meta.url).pathname;
const CONSOLE_LOG = '/var/log/xen/console/guest-hello.log';
const WATCH_SCRIPT = new URL('./remote/boot-and-watch.sh', import.meta.url).pathname;
const skipReason = await labSkipReason();
const figures: string[] = [];

const CAPTURES = new URL('../../.onramp-build/lab-captures/', import.meta.url).pathname;

/** Every run keeps its real outputs in .onramp-build/lab-captures/; ONRAMP_LAB_CAPTURE=1 also
 * refreshes the committed fixtures (they change each run: ids, pids, timestamps). */
async function fixture(name: string, text: string, dir = FIXTURES): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  await mkdir(CAPTURES, { recursive: true });
  await writeFile(join(CAPTURES, name), body);
  if (process.env.ONRAMP_LAB_CAPTURE !== '1') return;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), body);
}

if (skipReason && ciRequiresLab) {
  describe('lab lane', () => {
    it('runs on CI (CI=true: a skipped lab lane is a failure)', () => {
      throw new Error(`the lab lane cannot run here: ${skipReason}`);
    });
  });
} else if (skipReason) {
  describe.skip(`lab lane (skipped: ${skipReason})`, () => {
    it('needs a lab host', () => {});
  });
} else {
  describe('lab lane: real Xen under QEMU', () => {
    let machine: MachineRecord;
    let standin: Awaited<ReturnType<typeof buildStandin>>;
    // The longest a boot may take here: the product's ceiling; each test waits what dom0's pace gives.
    const BOOT_TEST_TIMEOUT_MS = BOOT_DEADLINE_CEILING_MS + 2 * AFTER_CEILING_MS;

    beforeAll(async () => {
      await openLabConfig();
      standin = await buildStandin();
      const existing = await labRecord();
      if (existing && existing.imageKey !== (await currentImageKey())) {
        process.stderr.write(`lab machine was made from an older image recipe: recreating it\n`);
        await onrampMachine(['rm', LAB_MACHINE], 300_000);
      }
      if (!(await labRecord())) {
        const created = await onrampMachine(['create', '--driver', 'qemu', LAB_MACHINE], 3_000_000);
        figures.push(...cliFigures(created.stderr));
        if (created.code !== 0) throw new Error(`onramp machine create failed:\n${created.stderr}`);
        // a restore is what every later lane run does: measure it now too
        const stopped = await onrampMachine(['stop', LAB_MACHINE], 300_000);
        figures.push(...cliFigures(stopped.stderr));
      }
      const started = await onrampMachine(['start', LAB_MACHINE, '--use-as-dom0'], 1_200_000);
      figures.push(...cliFigures(started.stderr));
      if (started.code !== 0) throw new Error(`onramp machine start failed:\n${started.stderr}`);
      const record = await labRecord();
      if (!record) throw new Error('the machine store has no onramp-lab after create/start');
      machine = record;
      const mk = await dom0(machine, ['mkdir', '-p', '/root/lab']);
      expect(mk.code).toBe(0);
      const copied = await copyToDom0(machine, [standin.hello, standin.silent], '/root/lab');
      if (copied.code !== 0) throw new Error(`scp of the stand-in failed: ${copied.stderr}`);
      const xls = [
        ['hello.xl', mirageXl('hello', '/root/lab/hello-standin.xen', 'xenbr0')],
        ['silent.xl', mirageXl('hello-silent', '/root/lab/hello-standin-silent.xen', 'xenbr0')],
        ['nobridge.xl', mirageXl('hello-nobridge', '/root/lab/hello-standin.xen', 'nosuchbr0')],
      ];
      for (const [name, text] of xls) await writeFile(join(standin.dir, name ?? ''), text ?? '');
      const xlCopied = await copyToDom0(
        machine,
        [...xls.map(([n]) => join(standin.dir, n ?? '')), WATCH_SCRIPT],
        '/root/lab',
      );
      if (xlCopied.code !== 0) throw new Error(`scp of the .xl files failed: ${xlCopied.stderr}`);
    }, 3_600_000);

    afterAll(async () => {
      // also after a failed beforeAll: never leave a QEMU running (stop is a no-op when stopped)
      if (await labRecord()) {
        const stopped = await onrampMachine(['stop', LAB_MACHINE], 300_000);
        figures.push(...cliFigures(stopped.stderr));
      }
      if (standin) await rm(standin.dir, { recursive: true, force: true });
      if (labEnv.ONRAMP_CONFIG_DIR) await rm(labEnv.ONRAMP_CONFIG_DIR, { recursive: true, force: true });
      console.log(`lab figures:\n  ${figures.join('\n  ')}`);
    }, 600_000);

    it('dom0 runs Xen >= 4.10 with hvm in virt_caps (PVH guests can run)', async () => {
      const info = await dom0(machine, ['xl', 'info']);
      expect(info.code).toBe(0);
      await fixture('xl-info.txt', info.stdout);
      const caps = /^virt_caps\s+:\s+(.*)$/m.exec(info.stdout)?.[1] ?? '';
      expect(caps.split(/\s+/)).toContain('hvm');
      const [major, minor] = (/^xen_version\s+:\s+(\d+)\.(\d+)/m.exec(info.stdout) ?? []).slice(1).map(Number);
      expect((major ?? 0) * 100 + (minor ?? 0)).toBeGreaterThanOrEqual(410);
    });

    it('onramp doctor --json against this dom0: the Xen checks pass from real xl info', async () => {
      // `onramp machine start --use-as-dom0` registered the machine as dom0 (dom0.json + pinned host key) in this run's config dir.
      const repo = new URL('../../', import.meta.url).pathname;
      const run = await runTool(
        process.execPath,
        [join(repo, 'bin/onramp.mjs'), 'doctor', '--json', '--stage', 'xen'],
        {
          cwd: repo,
          env: labEnv,
          timeoutMs: 120_000,
        },
      );
      const report = JSON.parse(run.stdout) as { checks: Array<{ id: string; status: string; found: string | null }> };
      const byId = new Map(report.checks.map((c) => [c.id, c]));
      for (const id of ['xen-running', 'xen-version', 'xen-hvm'])
        expect(byId.get(id)?.status, `${id}: ${run.stdout}`).toBe('passed');
      expect(byId.get('xen-version')?.found).toMatch(/4\.17/);
      expect(run.code).toBe(0);
    });

    it('xl as the unprivileged user: not on its PATH, and libxl "Permission denied" by full path', async () => {
      const bare = await dom0(machine, ['xl', 'info'], { user: 'onramp' });
      expect(bare.code).toBe(127);
      await fixture('xl-info-nonroot-path.txt', bare.stderr);
      expect(bare.stderr).toMatch(/xl: not found/);
      const info = await dom0(machine, ['/usr/sbin/xl', 'info'], { user: 'onramp' });
      expect(info.code).not.toBe(0);
      await fixture('xl-info-nonroot.txt', info.stderr);
      expect(info.stderr).toMatch(/libxl: error: .*Permission denied/);
      const withSudo = await dom0(machine, ['sudo', '-n', 'xl', 'info'], { user: 'onramp' });
      expect(withSudo.stdout).toMatch(/^virt_caps\s+:.*\bhvm\b/m);
    });

    it(
      'boots the stand-in: Solo5 preamble, hello four times, solo5_exit(0), then the domain is gone',
      async () => {
        await dom0(machine, ['rm', '-f', CONSOLE_LOG]);
        const deadline = await measuredBootDeadline(machine);
        const run = await dom0(
          machine,
          [
            'sh',
            '/root/lab/boot-and-watch.sh',
            '/root/lab/hello.xl',
            CONSOLE_LOG,
            "'application] hello'",
            'solo5_exit',
            String(deadline.createMs),
          ],
          { timeoutMs: deadline.createMs + deadline.afterMs },
        );
        expect(run.code, run.stderr).toBe(0);
        const firstHelloMs = Number(/first-line-ms=(\d+)/.exec(run.stdout)?.[1]);
        expect(firstHelloMs).toBeGreaterThan(0);
        const ms = (name: string) => (Number(new RegExp(`${name}-ms=(\\d+)`).exec(run.stdout)?.[1]) / 1000).toFixed(1);
        figures.push(
          `xl create to first hello ${ms('first-line')} s (xl create returned after ${ms('created')} s; solo5_exit at ${ms('done')} s)`,
        );
        const consoleLog = (await dom0(machine, ['cat', CONSOLE_LOG])).stdout;
        await fixture('guest-hello.log', consoleLog);
        expect(consoleLog).toMatch(/^Solo5: Xen console: port 0x[0-9a-f]+, ring @0x[0-9A-F]{16}$/m);
        expect(consoleLog).toContain('____/\\___/ _|\\___/____/');
        expect(consoleLog).toMatch(/^Solo5: Bindings version v0\.12\.1/m);
        expect(consoleLog).toMatch(/^Solo5: Memory map: \d+ MB addressable:$/m);
        const hellos =
          consoleLog.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-00:00: \[INFO\] \[application\] hello$/gm) ?? [];
        expect(hellos).toHaveLength(4);
        const seconds = hellos.map((l) => Date.parse(l.slice(0, 19) + 'Z') / 1000);
        const gaps = seconds.slice(1).map((t, i) => t - (seconds[i] ?? 0));
        // one second apart by the guest's pvclock; whole-second stamps make each gap 0-2 s, 3 s in all +-1
        for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(0);
        expect((seconds[3] ?? 0) - (seconds[0] ?? 0)).toBeGreaterThanOrEqual(2);
        expect((seconds[3] ?? 0) - (seconds[0] ?? 0)).toBeLessThanOrEqual(4);
        // the stamps come from Xen's wallclock, which dom0 set from the host clock after the restore
        expect(Math.abs((seconds[0] ?? 0) - Date.now() / 1000)).toBeLessThan(600);
        expect(consoleLog.trimEnd().split('\n').at(-1)).toBe('Solo5: solo5_exit(0) called');
        const list = await pollFor(
          'the hello domain to leave xl list',
          async () => {
            const r = await dom0(machine, ['xl', 'list']);
            return r.code === 0 && !/^hello\s/m.test(r.stdout) ? r.stdout : undefined;
          },
          { timeoutMs: deadline.afterMs, intervalMs: 500 },
        );
        expect(list).toMatch(/^Domain-0\s+0\s/m);
      },
      BOOT_TEST_TIMEOUT_MS,
    );

    it(
      'xl create -c attaches the console, shows the stand-in and returns 0 when it powers off',
      async () => {
        const t = driverFor(machine.driver).sshTarget(machine, 'root');
        const deadline = await measuredBootDeadline(machine);
        const seconds = String(Math.ceil(deadline.createMs / 1000));
        const run = await runTool(
          'ssh',
          ['-tt', ...opensshArgs(t, ['timeout', seconds, 'xl', 'create', '-c', '/root/lab/hello.xl'])],
          { timeoutMs: deadline.createMs + 30_000 },
        );
        const text = run.stdout.replace(/\r/g, '');
        await fixture('xl-create-c.txt', text);
        expect(run.code, `${text}\n${run.stderr}`).toBe(0);
        expect(text).toMatch(/^Parsing config from \/root\/lab\/hello\.xl$/m);
        expect(text).toMatch(/^Solo5: Xen console: port 0x[0-9a-f]+, ring @0x[0-9A-F]{16}$/m);
        expect(text.match(/\[INFO\] \[application\] hello$/gm) ?? []).toHaveLength(4);
        expect(text).toMatch(/^Solo5: solo5_exit\(0\) called$/m);
        await pollFor(
          'the hello domain to leave xl list',
          async () => !/^hello\s/m.test((await dom0(machine, ['xl', 'list'])).stdout),
          { timeoutMs: deadline.afterMs, intervalMs: 500 },
        );
      },
      BOOT_TEST_TIMEOUT_MS,
    );

    it(
      "a .xl naming a bridge that does not exist makes xl create fail with libxl's message",
      async () => {
        const deadline = await measuredBootDeadline(machine);
        const run = await dom0(machine, ['xl', 'create', '/root/lab/nobridge.xl'], { timeoutMs: deadline.createMs });
        expect(run.code).not.toBe(0);
        await fixture('xl-create-missing-bridge.txt', run.stderr);
        await fixture('xl-create-missing-bridge.txt', run.stderr, TOOL_FIXTURES);
        expect(run.stderr).toMatch(/^libxl: error: .*vif-bridge online .* exited with error status 1$/m);
        expect(run.stderr).toMatch(/Could not find bridge device nosuchbr0/);
        expect(run.stderr).toMatch(/unable to add vif devices/);
        await pollFor(
          'the failed domain to be cleaned up',
          async () => !/^hello-nobridge\s/m.test((await dom0(machine, ['xl', 'list'])).stdout),
          { timeoutMs: 30_000, intervalMs: 500 },
        );
      },
      BOOT_TEST_TIMEOUT_MS,
    );

    it('onramp sync of a 4.5 MB folder into this dom0 arrives whole, the old way and the default (their times are printed figures, not limits)', async () => {
      const repo = new URL('../../', import.meta.url).pathname;
      const src = join(standin.dir, 'sync-src');
      await mkdir(src, { recursive: true });
      // About the size of a Mirage unikernel; random, so no transport compression flatters it.
      const kernel = randomBytes(4_500_000);
      await writeFile(join(src, 'unikernel.xen'), kernel);
      await writeFile(join(src, 'config.ml'), '(* lab sync figure *)\n');
      const sync = (extra: readonly string[]) =>
        runTool(process.execPath, [join(repo, 'bin/onramp.mjs'), 'sync', ...extra, src, '/tmp/onramp-lab-sync-dest'], {
          cwd: repo,
          env: labEnv,
          timeoutMs: 120_000,
        });
      const seconds = (out: string) => /in ([\d.]+) s \(after ([\d.]+) s connecting\)/.exec(out)?.slice(1) ?? [];
      const phases = (out: string) => /^phases: (.*)$/m.exec(out)?.[1] ?? '(no phases line)';
      const load = async () => (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
      // The way before issue 16 (dom0's whole SSH window in flight) and the default, in the same run.
      const loadOld = await load();
      const old = await sync(['--full', '--timings', '--in-flight-kb', '0']);
      expect(old.code, old.stderr).toBe(0);
      const loadNew = await load();
      const full = await sync(['--full', '--timings']);
      expect(full.code, full.stderr).toBe(0);
      const [oldS, oldConnectS] = seconds(old.stdout);
      const [sendS, connectS] = seconds(full.stdout);
      figures.push(
        `onramp sync 4.5 MB into dom0, whole SSH window in flight (before issue 16): ${oldS} s after ${oldConnectS} s connecting (${(4.5 / Number(oldS)).toFixed(2)} MB/s; host load ${loadOld}; 18.4 s at issue 16's filing)`,
        `onramp sync ${phases(old.stdout)}`,
        `onramp sync 4.5 MB into dom0, 512 KB in flight (default): ${sendS} s after ${connectS} s connecting (${(4.5 / Number(sendS)).toFixed(2)} MB/s; host load ${loadNew})`,
        `onramp sync ${phases(full.stdout)}`,
        `onramp sync speed-up, same run: ${(Number(oldS) / Number(sendS)).toFixed(1)}x (target >= 4x)`,
      );
      const sum = await dom0(machine, ['sha256sum', '/tmp/onramp-lab-sync-dest/unikernel.xen']);
      expect(sum.stdout.split(' ')[0]).toBe(createHash('sha256').update(kernel).digest('hex'));
      const again = await sync([]);
      expect(again.stdout).toContain('nothing changed');
      figures.push(`onramp sync again, nothing changed: ${seconds(again.stdout)[0]} s`);
    });

    it('onramp sync into a folder the dom0 user cannot create fails at once with the folder and the fix', async () => {
      const src = join(standin.dir, 'sync-src');
      await mkdir(src, { recursive: true }); // also when the figure test above failed before making it
      const denied = '/root/onramp-lab-denied';
      const run = await runTool(
        process.execPath,
        [join(new URL('../../', import.meta.url).pathname, 'bin/onramp.mjs'), 'sync', '--full', src, denied],
        { env: labEnv, timeoutMs: 120_000 },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`cannot write into ${denied} in dom0`);
      expect(run.stderr).toContain('Permission denied');
      expect(run.stderr).toContain(`sudo mkdir -p ${denied}`);
    });

    it(
      'the silent variant runs but prints nothing by the deadline',
      async () => {
        const log = '/var/log/xen/console/guest-hello-silent.log';
        await dom0(machine, ['rm', '-f', log]);
        const deadline = await measuredBootDeadline(machine);
        const created = await dom0(machine, ['xl', 'create', '/root/lab/silent.xl'], { timeoutMs: deadline.createMs });
        expect(created.code, created.stderr).toBe(0);
        try {
          const list = await dom0(machine, ['xl', 'list']);
          await fixture('xl-list.txt', list.stdout);
          expect(list.stdout).toMatch(/^hello-silent\s+\d+\s+256\s+1\s/m);
          // a stand-in that printed would have done so ~2 s after xl create; allow 8 s
          const printed = pollFor(
            'output from the silent stand-in',
            async () => (await dom0(machine, ['sh', '-c', `'cat ${log} 2>/dev/null'`])).stdout || undefined,
            { timeoutMs: 8_000, intervalMs: 1_000 },
          );
          await expect(printed).rejects.toThrow(/timed out/);
        } finally {
          await dom0(machine, ['xl', 'destroy', 'hello-silent']);
        }
      },
      BOOT_TEST_TIMEOUT_MS,
    );
  });
}
