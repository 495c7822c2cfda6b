// hello-unix-built and hello-unix-runs: the tutorial's hello, built for unix, prints "hello" four times.
import type { Verdict } from '../../../protocol/verdict';
import type { ExecOutput } from '../../runners/types';
import type { CheckDefinition } from '../types';
import { couldNotRun, failed, fix, passed } from '../outcome';
import { countHelloLines } from '../parsers/console';
import { shellCommand } from '../shell-command';

export const HELLO_RUN_TIMEOUT_MS = 15_000;

export function helloBinary(helloDir: string): string {
  return `${helloDir.replace(/\/+$/, '')}/dist/hello`;
}

function buildCommands(helloDir: string): string[] {
  return [shellCommand('cd', helloDir), 'mirage configure -t unix', 'make depend', 'make build'];
}

export function decideHelloBuilt(helloDir: string, dirTest: ExecOutput, binTest: ExecOutput): Verdict {
  const cannot = couldNotRun(dirTest, 'test -d') ?? couldNotRun(binTest, 'test -x');
  if (cannot) return cannot;
  const binary = helloBinary(helloDir);
  if (dirTest.exitCode !== 0) {
    return failed(
      `the hello project was not found at ${helloDir}`,
      `no directory ${helloDir}`,
      `${binary}, built`,
      fix(
        'Get mirage-skeleton, which holds the tutorial, then build hello.',
        [
          'git clone https://github.com/mirage/mirage-skeleton.git ~/mirage-skeleton',
          ...buildCommands('~/mirage-skeleton/tutorial/hello'),
        ],
        'hello-not-built',
      ),
    );
  }
  if (binTest.exitCode !== 0) {
    return failed(
      `hello is not built: ${binary} does not exist or is not executable`,
      `${helloDir} without dist/hello`,
      `${binary}, built`,
      fix('Configure and build hello for unix.', buildCommands(helloDir), 'hello-not-built'),
    );
  }
  return passed(binary);
}

export function decideHelloRuns(out: ExecOutput, timeoutMs = HELLO_RUN_TIMEOUT_MS): Verdict {
  const count = countHelloLines(`${out.stdout}\n${out.stderr}`);
  const rebuild = fix(
    'Rebuild hello from a clean tree and run it yourself to see its output.',
    ['make clean', 'mirage configure -t unix', 'make depend', 'make build', './dist/hello'],
    'hello-unix-output',
  );
  const expected = '"hello" logged 4 times, then exit code 0';
  if (out.timedOut) {
    return failed(
      `hello did not exit within ${timeoutMs / 1000} s (it logged "hello" ${count} times)`,
      `"hello" ×${count}, still running`,
      expected,
      rebuild,
    );
  }
  const cannot = couldNotRun(out, 'dist/hello');
  if (cannot) return cannot;
  if (count !== 4 || out.exitCode !== 0) {
    return failed(
      `hello logged "hello" ${count} times and exited with code ${out.exitCode ?? 'none'}; it should log it 4 times and exit with 0`,
      `"hello" ×${count}, exit code ${out.exitCode ?? 'none'}`,
      expected,
      rebuild,
    );
  }
  return passed('"hello" ×4, exit code 0');
}

export const helloUnixBuilt: CheckDefinition = {
  id: 'hello-unix-built',
  async run(ctx) {
    const dir = ctx.settings.helloDir;
    const dirTest = await ctx.exec({ argv: ['test', '-d', dir] });
    const binTest = await ctx.exec({ argv: ['test', '-x', helloBinary(dir)] });
    return decideHelloBuilt(dir, dirTest, binTest);
  },
};

export const helloUnixRuns: CheckDefinition = {
  id: 'hello-unix-runs',
  timeoutMs: HELLO_RUN_TIMEOUT_MS + 5_000,
  async run(ctx) {
    const out = await ctx.exec({ argv: [helloBinary(ctx.settings.helloDir)], timeoutMs: HELLO_RUN_TIMEOUT_MS });
    return decideHelloRuns(out);
  },
};
