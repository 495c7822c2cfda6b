// `onramp compose logs [-f] [SERVICE]`: each service's console log (xenconsoled's
// guest-NAME.log in dom0), every line prefixed with its service; -f follows with tail -F.
import type { PtyProcess } from '../runners/types';
import { readConsole, type ComposeDom0 } from './dom0-ops';
import type { ComposeState } from './state-store';
import { err, ok, type Result } from '../../protocol/result';

export function prefixLines(service: string, width: number, text: string): string {
  const label = `${service.padEnd(width)} | `;
  return text
    .replace(/\r/g, '')
    .split('\n')
    .filter((line, i, all) => !(i === all.length - 1 && line === ''))
    .map((line) => `${label}${line}\n`)
    .join('');
}

export function selectServices(state: ComposeState, service: string | undefined): Result<string[]> {
  if (service === undefined) return ok(state.order.filter((n) => state.services[n]));
  if (!state.services[service])
    return err(`no service "${service}" in project ${state.project}: expected one of ${state.order.join(', ')}`);
  return ok([service]);
}

export async function printLogs(
  d: ComposeDom0,
  state: ComposeState,
  services: readonly string[],
  write: (text: string) => void,
): Promise<void> {
  const width = Math.max(...services.map((s) => s.length));
  for (const service of services) {
    const rec = state.services[service];
    if (rec) write(prefixLines(service, width, await readConsole(d, rec.domain)));
  }
}

/** Follow the consoles until stopped; returns the running followers (cancel them to stop). */
export async function followLogs(
  d: ComposeDom0,
  state: ComposeState,
  services: readonly string[],
  write: (text: string) => void,
): Promise<PtyProcess[]> {
  const width = Math.max(...services.map((s) => s.length));
  const followers: PtyProcess[] = [];
  for (const service of services) {
    const rec = state.services[service];
    if (!rec) continue;
    const tail = await d.runner.spawnPty(
      { argv: ['tail', '-n', '+1', '-F', rec.consoleLog], root: d.root, ...(d.env ? { env: d.env } : {}) },
      { cols: 200, rows: 50 },
    );
    let partial = '';
    tail.onData((chunk) => {
      const text = partial + chunk.replace(/\r/g, '');
      const end = text.lastIndexOf('\n');
      partial = text.slice(end + 1);
      if (end >= 0) write(prefixLines(service, width, text.slice(0, end + 1)));
    });
    followers.push(tail);
  }
  return followers;
}
