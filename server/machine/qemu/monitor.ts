// QEMU's human monitor (HMP) on a unix socket: send one command, read until the next prompt.
import { createConnection } from 'node:net';

const PROMPT = '(qemu) ';

/** HMP output without the echoed command line (the first line), terminal escapes and prompts. */
export function cleanMonitorOutput(raw: string): string {
  const lines = raw
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    .replace(/\r/g, '')
    .split('\n');
  return lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .join('\n');
}

export async function monitorCommand(socketPath: string, command: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let buffer = '';
    let sent = false;
    let settled = false;
    const finish = (err: Error | null, value = '') => {
      // the socket may still emit 'close' or 'error' after we settled on a prompt or timeout
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(
      () => finish(new Error(`QEMU monitor ${socketPath} did not answer "${command}" within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (!buffer.endsWith(PROMPT)) return;
      if (!sent) {
        sent = true;
        buffer = '';
        socket.write(`${command}\n`);
        return;
      }
      finish(null, cleanMonitorOutput(buffer.slice(0, -PROMPT.length)));
    });
    socket.on('error', (err) =>
      finish(new Error(`cannot reach QEMU monitor ${socketPath}: ${err.message}`, { cause: err })),
    );
    socket.on('close', () => {
      if (command === 'quit') finish(null, '');
      else finish(new Error(`QEMU monitor ${socketPath} closed before answering "${command}"`));
    });
  });
}
