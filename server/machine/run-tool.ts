// Run a host tool with argv (never a shell string): collect its output, or stream its lines.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface ToolResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ToolOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly stdin?: string;
  readonly timeoutMs?: number;
  /** Called with each complete stdout line as it arrives. */
  readonly onLine?: (line: string) => void;
  /** Called with each stderr chunk as it arrives. */
  readonly onStderr?: (chunk: string) => void;
  /**
   * The tool writes its stderr straight to this process's (a terminal): sudo's "Sorry, try again."
   * then reaches the terminal before its next prompt, in order. `stderr` stays empty.
   */
  readonly inheritStderr?: boolean;
}

export function runTool(command: string, args: readonly string[], opts: ToolOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', opts.inheritStderr ? 'inherit' : 'pipe'],
    }) as ChildProcessByStdio<Writable, Readable, Readable | null>;
    let stdout = '';
    let stderr = '';
    let pending = '';
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!opts.onLine) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) opts.onLine(line);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      opts.onStderr?.(chunk);
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${err.message}`, { cause: err }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (opts.onLine && pending !== '') opts.onLine(pending);
      resolve({ code, signal, stdout, stderr });
    });
    // a tool may exit without reading its stdin: EPIPE there is not an error of the run
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Run a tool and throw a specific error (command, exit status, stderr tail) unless it exits 0. */
export async function mustRun(command: string, args: readonly string[], opts: ToolOptions = {}): Promise<ToolResult> {
  const result = await runTool(command, args, opts);
  if (result.code !== 0) {
    const tail = opts.inheritStderr
      ? '(its messages are above)'
      : result.stderr.trim().split('\n').slice(-15).join('\n');
    const status = result.signal ? `was killed by ${result.signal}` : `exited with ${result.code}`;
    throw new Error(`${command} ${args.join(' ')} ${status}${tail ? `:\n${tail}` : ''}`);
  }
  return result;
}
