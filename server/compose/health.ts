// Health from outside the guest (xl create returns 0 whatever the guest does): a console line
// pattern in xenconsoled's log, or a TCP connect from dom0; tried `retries` times.
import { readConsole, tcpProbe, type ComposeDom0 } from './dom0-ops';
import type { PlannedService } from './plan';
import type { Healthcheck } from './schema';

export type HealthOutcome =
  { readonly healthy: true; readonly afterMs: number } | { readonly healthy: false; readonly reason: string };

/** Does the console text show the pattern? (a regular expression, per line) */
export function consoleMatches(pattern: string, text: string): boolean {
  const re = new RegExp(pattern, 'm');
  return text.split('\n').some((line) => re.test(line.replace(/\r$/, '')));
}

export async function waitHealthy(d: ComposeDom0, s: PlannedService, h: Healthcheck): Promise<HealthOutcome> {
  const started = Date.now();
  let last = '';
  for (let attempt = 1; attempt <= h.retries; attempt++) {
    if ('console' in h) {
      last = await readConsole(d, s.domain);
      if (consoleMatches(h.console, last)) return { healthy: true, afterMs: Date.now() - started };
    } else {
      const address = s.vifs[0]?.ipv4;
      if (!address) return { healthy: false, reason: 'a tcp healthcheck needs the service on a network' };
      if (await tcpProbe(d, address, h.tcp, h.timeout)) return { healthy: true, afterMs: Date.now() - started };
    }
    if (attempt < h.retries) await new Promise((r) => setTimeout(r, h.interval));
  }
  const tail = last.trimEnd().split('\n').slice(-5).join('\n');
  return {
    healthy: false,
    reason:
      'console' in h
        ? `no console line matched /${h.console}/ after ${h.retries} tries ${h.interval} ms apart${tail ? `; the console ends with:\n${tail}` : ' (the console log is empty)'}`
        : `no TCP connection to ${s.vifs[0]?.ipv4}:${h.tcp} from dom0 after ${h.retries} tries`,
  };
}
