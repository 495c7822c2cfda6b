// xen-console-log: the running xenconsoled's argv (ps -ww -C xenconsoled -o args=) → a verdict.
import { describe, expect, it } from 'vitest';
import { decideConsoleLog, parseXenconsoledArgs } from '../../server/checks/defs/console-log';
import { CHECKS } from '../../protocol/check-catalog';
import { factValue } from '../../protocol/guide-facts';
import { execOutput } from '../fixtures/tools/load';

/** How Debian 12's /etc/init.d/xen starts it: $XENCONSOLED_ARGS first, then its own --pid-file. */
const DEBIAN_LOGGING =
  '/usr/lib/xen-4.17/bin/xenconsoled --log=guest --log-dir=/var/log/xen/console --pid-file /run/xenconsoled.pid\n';
const DEBIAN_DEFAULT = '/usr/lib/xen-4.17/bin/xenconsoled --pid-file /run/xenconsoled.pid\n';

describe('xenconsoled arguments', () => {
  it.each([
    [DEBIAN_LOGGING, { log: 'guest', logDir: '/var/log/xen/console' }],
    [DEBIAN_DEFAULT, { log: 'none', logDir: undefined }],
    ['xenconsoled --log all --log-dir /srv/xen', { log: 'all', logDir: '/srv/xen' }],
  ])('%j', (args, want) => {
    expect(parseXenconsoledArgs(args)).toEqual(want);
  });
});

describe('xen-console-log', () => {
  it('Debian 12 with the Xen chapter step: passed', () => {
    expect(decideConsoleLog(execOutput({ stdout: DEBIAN_LOGGING }))).toEqual({
      status: 'passed',
      found: `guest consoles logged to /var/log/xen/console (${DEBIAN_LOGGING.trim()})`,
    });
  });

  it("Debian 12's default start (no logging): failed, with the step's commands and the troubleshooting link", () => {
    const v = decideConsoleLog(execOutput({ stdout: DEBIAN_DEFAULT }));
    expect(v.status === 'failed' && [v.reason, v.found, v.expected, v.fix.commands, v.fix.link]).toEqual([
      "xenconsoled runs without guest console logging (--log=none): the boot check's log fallback and onramp compose logs find no /var/log/xen/console/guest-NAME.log",
      DEBIAN_DEFAULT.trim(),
      'xenconsoled --log=guest --log-dir=/var/log/xen/console',
      [
        'sudo mkdir -p /var/log/xen/console',
        "sudo sed -i '/^XENCONSOLED_ARGS=/d' /etc/default/xen",
        `echo 'XENCONSOLED_ARGS="--log=guest --log-dir=/var/log/xen/console"' | sudo tee -a /etc/default/xen`,
        'sudo systemctl restart xen',
      ],
      '/guide/troubleshooting#no-console-logs',
    ]);
  });

  it('logs elsewhere: a warning naming both directories', () => {
    const v = decideConsoleLog(execOutput({ stdout: 'xenconsoled --log=all --log-dir=/srv/xen/\n' }));
    expect(v.status === 'warning' && v.reason).toBe(
      "xenconsoled logs guest consoles to /srv/xen, but Onramp's boot check and onramp compose logs read /var/log/xen/console",
    );
  });

  it('no xenconsoled process (ps exits 1, prints nothing): failed', () => {
    const v = decideConsoleLog(execOutput({ exitCode: 1 }));
    expect(v.status === 'failed' && [v.reason, v.found]).toEqual([
      'xenconsoled is not running in dom0: no guest console reaches xl console or a log',
      'no xenconsoled process',
    ]);
  });

  it('a timed-out ps is an error, not a verdict', () => {
    expect(decideConsoleLog(execOutput({ timedOut: true, exitCode: null })).status).toBe('error');
  });

  it('the catalogue title and the fix use the facts module', () => {
    expect(CHECKS['xen-console-log'].title).toBe(`xenconsoled logs guest consoles to ${factValue('consoleLogDir')}`);
  });
});
