// Running VBoxManage the way docker-machine learned to: argv only, any `error:` on stderr is a
// failure even with exit 0, `The object is not ready` is retried, and a failure quotes the
// command and VirtualBox's own message.
import { runTool, type ToolResult } from '../run-tool';
import { withHint } from './vbox-hints';
import { errorMessage } from '../../../protocol/result';

/** VBoxManage to run: `ONRAMP_VBOXMANAGE` if set, else `VBoxManage` on PATH. */
export function vboxManagePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ONRAMP_VBOXMANAGE ?? 'VBoxManage';
}

/** VirtualBox's own error text, or undefined when the call succeeded. */
export function vboxFailure(result: Pick<ToolResult, 'code' | 'signal' | 'stderr'>): string | undefined {
  const errors = result.stderr
    .split('\n')
    .filter((l) => /error:/i.test(l))
    .map((l) => l.replace(/^VBoxManage(\.exe)?:\s*/, '').trim());
  if (result.code === 0 && errors.length === 0) return undefined;
  if (errors.length > 0) return errors.join('\n');
  const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
  return result.signal ? `killed by ${result.signal}` : `exit status ${result.code}${tail ? `: ${tail}` : ''}`;
}

export function isTransient(message: string): boolean {
  return message.includes('The object is not ready');
}

export class VBoxManageError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly vboxMessage: string,
  ) {
    super(`VBoxManage ${args.join(' ')} failed:\n${withHint(vboxMessage)}`);
  }
}

export interface VBoxManage {
  /** Run and return stdout; throws VBoxManageError with VirtualBox's message. */
  run(args: readonly string[], opts?: { readonly timeoutMs?: number }): Promise<string>;
}

export function vboxManage(
  path: string = vboxManagePath(),
  opts: { readonly retries?: number; readonly retryDelayMs?: number } = {},
): VBoxManage {
  const retries = opts.retries ?? 5;
  const delay = opts.retryDelayMs ?? 1000;
  return {
    async run(args, runOpts = {}) {
      for (let attempt = 0; ; attempt++) {
        let result: ToolResult;
        try {
          result = await runTool(path, args, { timeoutMs: runOpts.timeoutMs ?? 120_000 });
        } catch (err) {
          throw new Error(
            `cannot run ${path}: ${errorMessage(err)}. Install VirtualBox (see the VirtualBox chapter) or set ONRAMP_VBOXMANAGE to VBoxManage's path`,
          );
        }
        const failure = vboxFailure(result);
        if (failure === undefined) return result.stdout;
        if (!isTransient(failure) || attempt >= retries) throw new VBoxManageError(args, failure);
        await new Promise((r) => setTimeout(r, delay * (attempt + 1)));
      }
    },
  };
}
