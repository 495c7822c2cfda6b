// What up does per service (create / recreate / keep, orphans), ps rows and log prefixes: pure tables.
import { describe, expect, it } from 'vitest';
import { prefixLines, selectServices } from '../../server/compose/logs';
import type { ComposePlan, PlannedService } from '../../server/compose/plan';
import { formatUptime, psRows, psTable, stateWord } from '../../server/compose/ps';
import type { ComposeState, ServiceRecord } from '../../server/compose/state-store';
import { upActions } from '../../server/compose/up-actions';

const svc = (service: string, hash: string) => ({ service, domain: `p-${service}`, hash }) as PlannedService;
const plan = (...services: PlannedService[]): ComposePlan => ({
  project: 'p',
  remoteDir: '/r',
  networks: [],
  services,
});
const rec = (domain: string, hash: string, extra: Partial<ServiceRecord> = {}): ServiceRecord => ({
  domain,
  hash,
  addresses: ['10.0.0.2'],
  createdAt: '2026-01-01T00:00:00.000Z',
  health: 'none',
  consoleLog: `/var/log/xen/console/guest-${domain}.log`,
  ...extra,
});
const state = (services: Record<string, ServiceRecord>, order = Object.keys(services)): ComposeState => ({
  project: 'p',
  remoteDir: '/r',
  createdBridges: [],
  order,
  services,
});

describe('upActions', () => {
  it.each([
    ['nothing recorded: create', null, [], { service: 'a', action: 'create', why: 'new' }],
    ['recorded, same hash, running: keep', state({ a: rec('p-a', 'h1') }), ['p-a'], { service: 'a', action: 'keep' }],
    [
      'recorded, hash changed: recreate',
      state({ a: rec('p-a', 'h0') }),
      ['p-a'],
      { service: 'a', action: 'recreate', why: 'its configuration changed' },
    ],
    [
      'recorded but the domain is gone: create',
      state({ a: rec('p-a', 'h1') }),
      [],
      { service: 'a', action: 'create', why: 'its domain is not running' },
    ],
    [
      'an unrecorded domain of that name: recreate',
      null,
      ['p-a'],
      { service: 'a', action: 'recreate', why: 'a domain of that name runs but this project did not record it' },
    ],
  ] as const)('%s', (_what, st, running, expected) => {
    expect(upActions(plan(svc('a', 'h1')), st, new Set(running)).services).toEqual([expected]);
  });

  it('services dropped from the file are orphans, removed in reverse creation order', () => {
    const st = state({ a: rec('p-a', 'h1'), b: rec('p-b', 'x'), c: rec('p-c', 'y') }, ['b', 'a', 'c']);
    expect(upActions(plan(svc('a', 'h1')), st, new Set(['p-a', 'p-b', 'p-c'])).orphans).toEqual(['c', 'b']);
  });
});

describe('ps', () => {
  it.each([
    ['-b----', 'blocked'],
    ['r-----', 'running'],
    ['--p---', 'paused'],
    ['---s--', 'shutdown'],
    ['----c-', 'crashed'],
    ['------', 'running'],
  ])('xl state %s is %s', (flags, word) => expect(stateWord(flags)).toBe(word));

  it.each([
    [5_000, '5s'],
    [65_000, '1m05s'],
    [3_720_000, '1h02m'],
  ])('uptime %d ms is %s', (ms, text) => expect(formatUptime(ms)).toBe(text));

  it('joins the record with xl list: a domain missing from xl list is gone', () => {
    const st = state({ db: rec('p-db', 'h', { health: 'healthy' }), web: rec('p-web', 'h') });
    const rows = psRows(
      st,
      [{ name: 'p-db', id: 3, memMb: 32, vcpus: 1, state: '-b----' }],
      Date.parse('2026-01-01T00:01:30Z'),
    );
    expect(rows).toEqual([
      { service: 'db', domain: 'p-db', state: 'blocked', address: '10.0.0.2', health: 'healthy', uptime: '1m30s' },
      { service: 'web', domain: 'p-web', state: 'gone', address: '10.0.0.2', health: '-', uptime: '-' },
    ]);
    expect(psTable(rows).split('\n')[0]).toBe('SERVICE  DOMAIN  STATE    ADDRESS   HEALTH   UPTIME');
  });
});

describe('logs', () => {
  it('prefixes every line, drops carriage returns and the trailing empty line', () => {
    expect(prefixLines('db', 4, 'a\r\nb\n')).toBe('db   | a\ndb   | b\n');
  });

  it('an unknown service names the known ones', () => {
    expect(selectServices(state({ db: rec('p-db', 'h') }), 'web')).toEqual({
      ok: false,
      error: 'no service "web" in project p: expected one of db',
    });
  });
});
