// xen-console-log: the running xenconsoled writes guest consoles to the log directory the boot
// check and `onramp compose logs` read. Debian 12 starts it without logging (xen-utils-common's
// /etc/init.d/xen passes only $XENCONSOLED_ARGS from /etc/default/xen); the Xen chapter turns it on.
import { factValue } from '../../../protocol/guide-facts';
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckDefinition } from '../types';
import { couldNotRun, describeOutput, failed, fix, passed, warning } from '../outcome';

/** What a xenconsoled command line says about guest logging. */
export interface XenconsoledLogging {
  /** `--log=` value (none, guest, hv, all); `none` when absent (xenconsoled's default). */
  readonly log: string;
  /** `--log-dir=` value; undefined when absent (xenconsoled then uses its built-in /var/log/xen/console). */
  readonly logDir: string | undefined;
}

/** Reads `--log=X` / `--log X` and `--log-dir=D` / `--log-dir D` from xenconsoled's argv (as `ps -o args=` prints it). */
export function parseXenconsoledArgs(args: string): XenconsoledLogging {
  const words = args.trim().split(/\s+/);
  const option = (name: string): string | undefined => {
    let value: string | undefined;
    words.forEach((word, i) => {
      if (word.startsWith(`--${name}=`)) value = word.slice(name.length + 3);
      else if (word === `--${name}`) value = words[i + 1];
    });
    return value;
  };
  return { log: option('log') ?? 'none', logDir: option('log-dir') };
}

const LOG_DIR = factValue('consoleLogDir');

const TURN_ON = fix(
  `Turn on guest console logging in ${factValue('xenDefaultsFile')}, then restart xenconsoled (the Xen chapter's "Console logs" step).`,
  [
    `sudo mkdir -p ${LOG_DIR}`,
    `sudo sed -i '/^XENCONSOLED_ARGS=/d' ${factValue('xenDefaultsFile')}`,
    `echo 'XENCONSOLED_ARGS="${factValue('consoleLogArgs')}"' | sudo tee -a ${factValue('xenDefaultsFile')}`,
    'sudo systemctl restart xen',
  ],
  'no-console-logs',
);

/**
 * `ps -ww -C xenconsoled -o args=` in dom0 → a verdict. Passed when the running xenconsoled logs
 * guest consoles (`--log=guest` or `--log=all`) into the directory Onramp reads (GUIDE_FACTS.consoleLogDir).
 */
export function decideConsoleLog(ps: ExecOutput): Verdict {
  const cannot = couldNotRun(ps, 'ps -C xenconsoled in dom0');
  if (cannot) return cannot;
  const expected = `xenconsoled ${factValue('consoleLogArgs')}`;
  const line = ps.stdout
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /(^|\/)xenconsoled(\s|$)/.test(l));
  if (!line) {
    const found = ps.exitCode === 1 && ps.stdout.trim() === '' ? 'no xenconsoled process' : describeOutput(ps);
    return failed(
      'xenconsoled is not running in dom0: no guest console reaches xl console or a log',
      found,
      expected,
      TURN_ON,
    );
  }
  const { log, logDir } = parseXenconsoledArgs(line);
  if (log !== 'guest' && log !== 'all') {
    return failed(
      `xenconsoled runs without guest console logging (--log=${log}): the boot check's log fallback and onramp compose logs find no ${LOG_DIR}/guest-NAME.log`,
      line,
      expected,
      TURN_ON,
    );
  }
  const dir = (logDir ?? LOG_DIR).replace(/\/+$/, '');
  if (dir !== LOG_DIR) {
    return warning(
      `xenconsoled logs guest consoles to ${dir}, but Onramp's boot check and onramp compose logs read ${LOG_DIR}`,
      line,
      expected,
      TURN_ON,
    );
  }
  return passed(`guest consoles logged to ${LOG_DIR} (${line})`);
}

export const xenConsoleLog: CheckDefinition = {
  id: 'xen-console-log',
  async run(ctx) {
    return decideConsoleLog(await ctx.exec({ argv: ['ps', '-ww', '-C', 'xenconsoled', '-o', 'args='] }));
  },
};
