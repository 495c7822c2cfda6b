// `onramp compose ps`: the recorded services joined with `xl list` (pure), and the table.
import type { XlDomain } from '../checks/parsers/xl';
import type { ComposeState } from './state-store';

export interface PsRow {
  readonly service: string;
  readonly domain: string;
  /** `running`, `blocked`, `paused`, `shutdown`, `crashed`, `dying`, or `gone` when xl does not list it. */
  readonly state: string;
  readonly address: string;
  readonly health: string;
  readonly uptime: string;
}

const FLAGS: ReadonlyArray<[string, string]> = [
  ['r', 'running'],
  ['b', 'blocked'],
  ['p', 'paused'],
  ['s', 'shutdown'],
  ['c', 'crashed'],
  ['d', 'dying'],
];

/** xl's six state flags (`-b----`) as one word; a domain idle in its event loop is "blocked". */
export function stateWord(flags: string): string {
  for (const [i, [flag, word]] of FLAGS.entries()) if (flags[i] === flag) return word;
  return 'running';
}

export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function psRows(state: ComposeState, domains: readonly XlDomain[], now: number): PsRow[] {
  return state.order.flatMap((service) => {
    const rec = state.services[service];
    if (!rec) return [];
    const dom = domains.find((x) => x.name === rec.domain);
    return [
      {
        service,
        domain: rec.domain,
        state: dom ? stateWord(dom.state) : 'gone',
        address: rec.addresses.join(',') || '-',
        health: dom ? rec.health : '-',
        uptime: dom ? formatUptime(now - Date.parse(rec.createdAt)) : '-',
      },
    ];
  });
}

export function psTable(rows: readonly PsRow[]): string {
  const head = ['SERVICE', 'DOMAIN', 'STATE', 'ADDRESS', 'HEALTH', 'UPTIME'];
  const cells = [head, ...rows.map((r) => [r.service, r.domain, r.state, r.address, r.health, r.uptime])];
  const widths = head.map((_, i) => Math.max(...cells.map((c) => (c[i] ?? '').length)));
  return cells.map((c) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
