// Run a dom0 command (argv) whose stdin is a local stream, on a pooled channel; resolves with
// its exit code and stderr, or rejects with the connection error.
import type { Readable } from 'node:stream';
import type { Dom0Target } from '../../protocol/socket-dom0';
import { closedWithoutExit, openExec, watchExit } from '../runners/ssh-channel';
import type { ConnectionPool } from '../ssh/connection-pool';
import { commandLine } from '../ssh/remote-command';

export interface RemoteStreamResult {
  readonly exitCode: number | null;
  readonly stderr: string;
}

export function pipeToRemote(
  pool: ConnectionPool,
  target: Dom0Target,
  argv: readonly string[],
  input: Readable | string,
): Promise<RemoteStreamResult> {
  return pool.withChannel(target, async (conn) => {
    const channel = await openExec(conn, commandLine(argv));
    const ending = watchExit(channel);
    let stderr = '';
    channel.stderr.setEncoding('utf8').on('data', (c: string) => {
      if (stderr.length < 65536) stderr += c;
    });
    channel.resume();
    if (typeof input === 'string') channel.end(input);
    else input.pipe(channel);
    return new Promise<RemoteStreamResult>((resolve, reject) => {
      channel.on('close', () => {
        if (!ending.exited) reject(new Error(closedWithoutExit(conn)));
        else resolve({ exitCode: ending.exitCode, stderr });
      });
    });
  });
}
