// unikernel-boot's command sequence (cat the .xl, xl list, xl create -c from the .xl's directory,
// xl list, xl destroy) through the real local runner. Xen cannot run here: `xl` is a STAND-IN
// shell script that replays the Solo5 console measured on a real Xen 4.17 dom0.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalRunner } from '../../server/runners/local';
import type { TargetRunner } from '../../server/runners/types';
import { runWithDeadline } from '../../server/checks/service';
import { unikernelBoot } from '../../server/checks/defs/unikernel';
import { DEFAULT_CHECK_SETTINGS } from '../../server/checks/types';
import { toolText } from '../fixtures/tools/load';

let tmp = '';
let runner: TargetRunner;

const STAND_IN_XL = `#!/bin/sh
# STAND-IN for Xen's xl: create -c prints $XL_CONSOLE (when the kernel named in the .xl exists
# relative to the working directory, as with the real xl), list shows $XL_STATE's domain, destroy removes it.
state="$XL_STATE"
case "$1" in
  list)
    echo "Name                                        ID   Mem VCPUs      State   Time(s)"
    echo "Domain-0                                     0  1896     1     r-----      31.7"
    [ -f "$state" ] && echo "hello                                        7   256     1     -b----       0.1"
    exit 0 ;;
  create)
    file="$3"
    kernel=$(sed -n "s/^kernel *= *'\\(.*\\)'/\\1/p" "$file")
    echo "Parsing config from $file"
    if [ ! -f "$kernel" ]; then echo "libxl: error: kernel $kernel: No such file or directory" >&2; exit 3; fi
    cat "$XL_CONSOLE"
    [ "$XL_LINGER" = 1 ] && : > "$state"
    exit 0 ;;
  destroy)
    rm -f "$state"; exit 0 ;;
esac
echo "stand-in xl: unexpected $*" >&2; exit 64
`;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'onramp-boot-'));
  await mkdir(join(tmp, 'bin'));
  await writeFile(join(tmp, 'bin', 'xl'), STAND_IN_XL);
  await chmod(join(tmp, 'bin', 'xl'), 0o755);
  await mkdir(join(tmp, 'dist'));
  await writeFile(
    join(tmp, 'dist', 'hello.xl'),
    "name = 'hello'\nkernel = 'hello.xen'\ntype = 'pvh'\nmemory = 256\nvif = [ 'bridge=br0' ]\n",
  );
  await writeFile(join(tmp, 'dist', 'hello.xen'), 'not really a kernel');
  const preamble = toolText('xen/solo5-test-hello-console.txt').split('\n**** Solo5')[0] ?? '';
  const hello = Array.from({ length: 4 }, (_, i) => `2024-04-14T14:15:2${i}+00:00: [INFO] [application] hello`).join(
    '\n',
  );
  await writeFile(join(tmp, 'good.console'), `${preamble}\n${hello}\nSolo5: solo5_exit(0) called\n`);
  await writeFile(
    join(tmp, 'crash.console'),
    `${preamble}\nSolo5: trap: type=#PF ec=0x2 rip=0x107332\nSolo5: ABORT: cpu_x86_64.c:182: Fatal trap\n`,
  );
  const local = createLocalRunner();
  runner = {
    ...local,
    exec: (req) =>
      local.exec({ ...req, env: { ...req.env, PATH: `${join(tmp, 'bin')}:${process.env.PATH ?? ''}`, ...scenario } }),
  };
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

let scenario: Record<string, string> = {};
const boot = (env: Record<string, string>) => {
  scenario = { XL_STATE: join(tmp, 'domain-hello'), ...env };
  return runWithDeadline(
    unikernelBoot,
    runner,
    { ...DEFAULT_CHECK_SETTINGS, xlFile: join(tmp, 'dist', 'hello.xl') },
    'linux',
    30_000,
  );
};

describe('unikernel-boot through its real command sequence', () => {
  it('boots from the .xl directory (relative kernel) and passes on four hellos and solo5_exit(0)', async () => {
    expect(await boot({ XL_CONSOLE: join(tmp, 'good.console') })).toEqual({
      status: 'passed',
      found: '"hello" ×4, solo5_exit(0), Solo5 v0.12.1-7-g469c1a8; gone from xl list',
    });
  });

  it('a crash fails even though xl create exited 0', async () => {
    const v = await boot({ XL_CONSOLE: join(tmp, 'crash.console') });
    expect(v.status === 'failed' && v.reason).toBe('the unikernel crashed: Solo5: ABORT: cpu_x86_64.c:182: Fatal trap');
  });

  it('a domain left behind is destroyed and reported', async () => {
    const v = await boot({ XL_CONSOLE: join(tmp, 'good.console'), XL_LINGER: '1' });
    expect(v.status === 'failed' && v.reason).toBe(
      'the domain "hello" was still in xl list after it exited; the check destroyed it',
    );
    expect(existsSync(join(tmp, 'domain-hello'))).toBe(false);
  });

  it('an old domain of the same name stops the boot before it starts', async () => {
    await writeFile(join(tmp, 'domain-hello'), '');
    const v = await boot({ XL_CONSOLE: join(tmp, 'good.console') });
    expect(v.status === 'failed' && [v.reason, v.fix.commands]).toEqual([
      'a domain named "hello" is already running, so a new one cannot start',
      ['sudo xl destroy hello'],
    ]);
    await rm(join(tmp, 'domain-hello'));
  });

  it('the connection lost during xl create: the check runs again, destroys the domain its first try left, and passes', async () => {
    scenario = { XL_STATE: join(tmp, 'domain-hello'), XL_CONSOLE: join(tmp, 'good.console') };
    let creates = 0;
    // The transport drop is simulated (the real-sshd drop is in check-reconnect.test.ts): the first
    // xl create starts the domain, then its result says the connection was lost.
    const dropping: TargetRunner = {
      ...runner,
      exec: async (req) => {
        const out = await runner.exec(req);
        if (!req.argv.includes('sh') || !req.argv.some((a) => a.includes('xl create')) || ++creates > 1) return out;
        await writeFile(join(tmp, 'domain-hello'), '');
        return {
          ...out,
          exitCode: null,
          error: 'lost the connection to dom0 (test): dom0 closed the connection',
          connectionLost: true,
        };
      },
    };
    const v = await runWithDeadline(
      unikernelBoot,
      dropping,
      { ...DEFAULT_CHECK_SETTINGS, xlFile: join(tmp, 'dist', 'hello.xl') },
      'linux',
      30_000,
    );
    expect(v.status).toBe('passed');
    expect(creates).toBe(2);
    expect(existsSync(join(tmp, 'domain-hello'))).toBe(false);
  });
});
