// The lab lane for `onramp compose`: the real CLI against the real Xen dom0 under QEMU. Two
// long-running stand-in guests (hello-standin-silent.xen, a TEST STAND-IN that idles) on a new
// bridge; up twice, a change to one service, ps, down; then the hello stand-in with a console
// healthcheck and its logs.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverFor } from '../../server/machine/drivers';
import { opensshArgs } from '../../server/machine/openssh';
import type { MachineRecord } from '../../server/machine/record';
import { runTool, type ToolResult } from '../../server/machine/run-tool';
import { ciRequiresLab, labSkipReason } from './lab-env';
import { copyToDom0, dom0, LAB_MACHINE, labEnv, labRecord, onrampMachine, openLabConfig } from './lab-machine';
import { buildStandin } from './standin-build';

const REPO = new URL('../../', import.meta.url).pathname;
const skipReason = await labSkipReason();

const pairFile = (bArg: string) => `name: labc
networks:
  lan:
    bridge: onrbr7
    subnet: 10.97.0.0/24
services:
  a:
    kernel: ./a.xen
    networks: [lan]
    args: ["--who=a"]
  b:
    kernel: ./b.xen
    networks: [lan]
    args: ["${bArg}"]
    depends_on: [a]
`;

const helloFile = `name: labh
networks:
  lan:
    bridge: onrbr8
    subnet: 10.98.0.0/24
services:
  h:
    kernel: ./hello.xen
    networks: [lan]
    healthcheck:
      console: "\\\\[application\\\\] hello"
      interval: 1s
      retries: 60
`;

// Two small Linux PVH guests (dom0's own kernel, a busybox initramfs made in dom0) that read
// their address from the --ipv4= boot argument compose passes; "right" pings "left".
const GUEST_INIT = `#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
insmod /xen-netfront.ko
for a in $(cat /proc/cmdline); do
  case $a in --ipv4=*) addr=\${a#--ipv4=};; peer=*) peer=\${a#peer=};; esac
done
i=0; while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
ip link set eth0 up; ip addr add "$addr" dev eth0
echo "guest up at $addr"
if [ -n "$peer" ]; then
  n=0
  while [ $n -lt 120 ]; do
    if ping -c 1 -W 1 "$peer" >/dev/null 2>&1; then echo "PING $peer OK"; ping -c 2 "$peer"; break; fi
    n=$((n+1))
  done
fi
while :; do sleep 3600; done
`;
const MAKE_INITRD = [
  'set -e',
  'd=$(mktemp -d)',
  'mkdir -p "$d/bin" "$d/proc" "$d/sys" "$d/dev" /root/compose-lab',
  'cp /usr/bin/busybox "$d/bin/busybox"',
  'cp "/lib/modules/$(uname -r)/kernel/drivers/net/xen-netfront.ko" "$d/"',
  'cp /root/compose-lab/init "$d/init"',
  'chmod +x "$d/init"',
  '(cd "$d" && find . | cpio -o -H newc --quiet | gzip -1) > /root/compose-lab/initrd.gz',
  'cp "/boot/vmlinuz-$(uname -r)" /root/compose-lab/vmlinuz',
  'rm -rf "$d"',
].join('; ');

const linuxPairFile = `name: labp
networks:
  lan:
    bridge: onrbr9
    subnet: 10.96.0.0/24
services:
  left:
    kernel: ./vmlinuz
    ramdisk: ./initrd.gz
    tsc_mode: native
    memory: 128
    networks: [lan]
    args: ["console=hvc0", "quiet"]
    healthcheck: { console: "guest up at", interval: 2s, retries: 200 }
  right:
    kernel: ./vmlinuz
    ramdisk: ./initrd.gz
    tsc_mode: native
    memory: 128
    networks: [lan]
    args: ["console=hvc0", "quiet", "peer=10.96.0.2"]
    depends_on:
      left: { condition: service_healthy }
    healthcheck: { console: "PING 10.96.0.2 OK", interval: 2s, retries: 200 }
`;

async function copyFromDom0(record: MachineRecord, remote: string, localDir: string): Promise<ToolResult> {
  const t = driverFor(record.driver).sshTarget(record, 'root');
  const sshOpts = opensshArgs(t).filter(
    (a, i, all) => !(a === '-p' || all[i - 1] === '-p') && a !== `${t.user}@${t.host}`,
  );
  return runTool('scp', ['-q', '-P', String(t.port), ...sshOpts, `${t.user}@${t.host}:${remote}`, `${localDir}/`], {
    timeoutMs: 120_000,
  });
}

async function compose(dir: string, args: readonly string[], timeoutMs = 600_000): Promise<ToolResult> {
  process.stderr.write(`$ onramp compose ${args.join(' ')}\n`);
  const r = await runTool(process.execPath, [join(REPO, 'bin/onramp.mjs'), 'compose', ...args], {
    cwd: dir,
    env: labEnv,
    timeoutMs,
  });
  process.stderr.write(`${r.stdout}${r.stderr}-> exit ${r.code}\n`);
  return r;
}

function domIds(xlList: string): Map<string, string> {
  return new Map([...xlList.matchAll(/^(\S+)\s+(\d+)\s/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

if (skipReason && ciRequiresLab) {
  describe('compose lab lane', () => {
    it('runs on CI (CI=true: a skipped lab lane is a failure)', () => {
      throw new Error(`the lab lane cannot run here: ${skipReason}`);
    });
  });
} else if (skipReason) {
  describe.skip(`compose lab lane (skipped: ${skipReason})`, () => {
    it('needs a lab host', () => {});
  });
} else {
  describe('compose lab lane: real Xen under QEMU', () => {
    let machine: MachineRecord;
    let standin: Awaited<ReturnType<typeof buildStandin>>;
    let project: string;

    beforeAll(async () => {
      await openLabConfig();
      standin = await buildStandin();
      project = await mkdtemp(join(tmpdir(), 'onramp-compose-lab-'));
      await mkdir(project, { recursive: true });
      await copyFile(standin.silent, join(project, 'a.xen'));
      await copyFile(standin.silent, join(project, 'b.xen'));
      await copyFile(standin.hello, join(project, 'hello.xen'));
      if (!(await labRecord())) {
        const created = await onrampMachine(['create', '--driver', 'qemu', LAB_MACHINE], 3_000_000);
        if (created.code !== 0) throw new Error(`onramp machine create failed:\n${created.stderr}`);
      } else {
        const started = await onrampMachine(['start', LAB_MACHINE, '--use-as-dom0'], 1_200_000);
        if (started.code !== 0) throw new Error(`onramp machine start failed:\n${started.stderr}`);
      }
      const record = await labRecord();
      if (!record) throw new Error('the machine store has no onramp-lab after create/start');
      machine = record;
    }, 3_600_000);

    afterAll(async () => {
      if (project) {
        for (const p of ['labc', 'labh', 'labp']) await compose(project, ['-p', p, 'down']).catch(() => undefined);
        await rm(project, { recursive: true, force: true });
      }
      if (await labRecord()) await onrampMachine(['stop', LAB_MACHINE], 300_000);
      if (standin) await rm(standin.dir, { recursive: true, force: true });
      if (labEnv.ONRAMP_CONFIG_DIR) await rm(labEnv.ONRAMP_CONFIG_DIR, { recursive: true, force: true });
    }, 900_000);

    let firstIds: Map<string, string>;

    it('up -d creates the bridge and both domains, attached to it with the planned MACs', async () => {
      await writeFile(join(project, 'onramp-compose.yaml'), pairFile('--who=b'));
      const up = await compose(project, ['up', '-d']);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toMatch(/created bridge onrbr7 \(10\.97\.0\.1\/24 in dom0\)/);
      expect(up.stdout).toContain('up: 2 created, 0 recreated, 0 unchanged, 0 removed');
      const list = await dom0(machine, ['xl', 'list']);
      firstIds = domIds(list.stdout);
      expect([...firstIds.keys()]).toEqual(expect.arrayContaining(['labc-a', 'labc-b']));
      const ports = await dom0(machine, ['ip', '-o', 'link', 'show', 'master', 'onrbr7']);
      expect(ports.stdout.match(/vif\d+\.0/g)?.sort()).toEqual(
        [`vif${firstIds.get('labc-a')}.0`, `vif${firstIds.get('labc-b')}.0`].sort(),
      );
      const config = await compose(project, ['config']);
      const macA = /a:\n[\s\S]*?mac: (00:16:3e:[0-9a-f:]{8})/.exec(config.stdout)?.[1];
      const nics = await dom0(machine, ['xl', 'network-list', 'labc-a']);
      expect(macA && nics.stdout.includes(macA), nics.stdout).toBe(true);
    });

    it('up again changes nothing: same domain ids', async () => {
      const up = await compose(project, ['up', '-d']);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toContain('up: 0 created, 0 recreated, 2 unchanged, 0 removed');
      expect(domIds((await dom0(machine, ['xl', 'list'])).stdout)).toEqual(firstIds);
    });

    it('a change to b recreates only b', async () => {
      await writeFile(join(project, 'onramp-compose.yaml'), pairFile('--who=bb'));
      const up = await compose(project, ['up', '-d']);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toContain('up: 0 created, 1 recreated, 1 unchanged, 0 removed');
      const ids = domIds((await dom0(machine, ['xl', 'list'])).stdout);
      expect(ids.get('labc-a')).toBe(firstIds.get('labc-a'));
      expect(ids.get('labc-b')).not.toBe(firstIds.get('labc-b'));
    });

    it('ps shows both domains with their addresses', async () => {
      const ps = await compose(project, ['ps']);
      expect(ps.code, ps.stderr).toBe(0);
      expect(ps.stdout).toMatch(/^a\s+labc-a\s+(running|blocked)\s+10\.97\.0\.2\s+none\s+\d+[smh]/m);
      expect(ps.stdout).toMatch(/^b\s+labc-b\s+(running|blocked)\s+10\.97\.0\.3\s+none\s+\d+[smh]/m);
    });

    it('down without the file removes both domains and the bridge it created', async () => {
      await rm(join(project, 'onramp-compose.yaml'));
      const down = await compose(project, ['-p', 'labc', 'down']);
      expect(down.code, down.stderr).toBe(0);
      expect(down.stdout).toContain('down: 2 destroyed, 1 bridges removed');
      expect((await dom0(machine, ['xl', 'list'])).stdout).not.toMatch(/^labc-/m);
      expect((await dom0(machine, ['ip', 'link', 'show', 'dev', 'onrbr7'])).code).not.toBe(0);
    });

    it('a console healthcheck waits for the stand-in hello line; logs show the console', async () => {
      await writeFile(join(project, 'onramp-compose.yaml'), helloFile);
      const up = await compose(project, ['up', '-d']);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toMatch(/^h: healthy after \d+\.\d s$/m);
      const logs = await compose(project, ['logs', 'h']);
      expect(logs.stdout).toMatch(/^h \| Solo5: Xen console: port 0x[0-9a-f]+/m);
      expect(logs.stdout).toMatch(/^h \| .*\[INFO\] \[application\] hello$/m);
      const down = await compose(project, ['down']);
      expect(down.code, down.stderr).toBe(0);
      expect((await dom0(machine, ['ip', 'link', 'show', 'dev', 'onrbr8'])).code).not.toBe(0);
    });

    it('two Linux guests on a new bridge: right pings left at the address compose gave it', async () => {
      await writeFile(join(project, 'init'), GUEST_INIT);
      expect((await dom0(machine, ['mkdir', '-p', '/root/compose-lab'])).code).toBe(0);
      const sent = await copyToDom0(machine, [join(project, 'init')], '/root/compose-lab');
      expect(sent.code, sent.stderr).toBe(0);
      const made = await dom0(machine, ['sh', '-c', `'${MAKE_INITRD}'`], { timeoutMs: 120_000 });
      expect(made.code, made.stderr).toBe(0);
      for (const f of ['/root/compose-lab/initrd.gz', '/root/compose-lab/vmlinuz']) {
        const copied = await copyFromDom0(machine, f, project);
        expect(copied.code, copied.stderr).toBe(0);
      }
      await writeFile(join(project, 'onramp-compose.yaml'), linuxPairFile);
      const up = await compose(project, ['up', '-d'], 1_500_000);
      expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
      expect(up.stdout).toMatch(/^left: healthy after/m);
      expect(up.stdout).toMatch(/^right: healthy after/m);
      const logs = await compose(project, ['logs', 'right']);
      expect(logs.stdout).toMatch(/^right \| guest up at 10\.96\.0\.3\/24$/m);
      expect(logs.stdout).toMatch(/^right \| 64 bytes from 10\.96\.0\.2: seq=\d+ ttl=64/m);
      const down = await compose(project, ['down']);
      expect(down.code, down.stderr).toBe(0);
      expect(down.stdout).toContain('down: 2 destroyed, 1 bridges removed');
      expect((await dom0(machine, ['xl', 'list'])).stdout).not.toMatch(/^labp-/m);
      expect((await dom0(machine, ['ip', 'link', 'show', 'dev', 'onrbr9'])).code).not.toBe(0);
    }, 1_800_000);
  });
}
