// Set dom0's clock (and through dom0, Xen's wallclock) to the host's after a snapshot restore.
// The host time is sent only once the SSH session runs, so connection set-up does not skew it.
import { spawn } from 'node:child_process';
import type { SshTarget } from '../driver';
import { opensshArgs } from '../openssh';

const REMOTE = ['sh', '-c', `'echo ready; read t; date -u -s "@$t" >/dev/null && echo set'`];

export function setGuestClock(target: SshTarget, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', opensshArgs(target, REMOTE), { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let sent = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!sent && out.includes('ready\n')) {
        sent = true;
        child.stdin.end(`${(Date.now() / 1000).toFixed(3)}\n`);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ssh to set the guest clock: ${e.message}`, { cause: e }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && out.includes('set')) resolve();
      else reject(new Error(`setting the guest clock over SSH failed (exit ${code}): ${err.trim() || out.trim()}`));
    });
  });
}
