// Secrets in memory for a bounded time: expiry (checked on read, with a test clock), Forget by
// prefix, clear on exit; and a run's one pending prompt (answer, stale answers, close).
import { describe, expect, it } from 'vitest';
import { ExpiringSecrets, DEFAULT_SECRET_TTL_MS } from '../../server/runners/sudo-secrets';
import { RunSecrets } from '../../server/runs/run-secrets';
import type { RunId } from '../../protocol/ids';

describe('ExpiringSecrets', () => {
  it('keeps a secret for 15 minutes by default, then forgets it', () => {
    let now = 1_000_000;
    const s = new ExpiringSecrets({ now: () => now });
    s.set('host|sudo-password', 'pw');
    expect(DEFAULT_SECRET_TTL_MS).toBe(15 * 60 * 1000);
    now += DEFAULT_SECRET_TTL_MS - 1;
    expect(s.get('host|sudo-password')).toBe('pw');
    now += 1;
    expect(s.get('host|sudo-password')).toBeUndefined();
  });

  it('starts the time again on a new set; forgets by prefix and on clear', () => {
    let now = 0;
    const s = new ExpiringSecrets({ ttlMs: 100, now: () => now });
    s.set('host|sudo-password', 'a');
    now = 90;
    s.set('host|sudo-password', 'b');
    now = 150;
    expect(s.get('host|sudo-password')).toBe('b');
    s.set('dom0|x|password', 'c');
    expect(s.deletePrefix('host|')).toBe(1);
    expect(s.get('host|sudo-password')).toBeUndefined();
    expect(s.get('dom0|x|password')).toBe('c');
    s.clear();
    expect(s.get('dom0|x|password')).toBeUndefined();
  });
});

describe('RunSecrets', () => {
  const runId = 'run-abcdefgh12' as RunId;
  const ask = {
    kind: 'sudo-password',
    target: 'host',
    label: 'sudo password for a on this computer',
    message: 'm',
    attempt: 1,
  } as const;

  it('shows one prompt, takes the answer once, and tells every subscriber it is settled', async () => {
    const needed: string[] = [];
    const settled: string[] = [];
    const secrets = new RunSecrets(runId, {
      needed: (p) => needed.push(p.promptId),
      settled: (id) => settled.push(id),
    });
    const answer = secrets.ask(ask);
    const prompt = secrets.current();
    expect(prompt).toMatchObject({ runId, kind: 'sudo-password', target: 'host', attempt: 1 });
    expect(secrets.answer('prompt-not-this-one', 'x')).toBe(false);
    expect(secrets.answer(prompt!.promptId, 'pw')).toBe(true);
    expect(await answer).toBe('pw');
    expect(secrets.answer(prompt!.promptId, 'again')).toBe(false);
    expect(needed).toEqual([prompt!.promptId]);
    expect(settled).toEqual([prompt!.promptId]);
    expect(secrets.current()).toBeUndefined();
  });

  it('settles with nothing on close (cancel, run end) and asks no more after', async () => {
    const secrets = new RunSecrets(runId, { needed: () => undefined, settled: () => undefined });
    const pending = secrets.ask(ask);
    secrets.close();
    expect(await pending).toBeUndefined();
    expect(await secrets.ask(ask)).toBeUndefined();
  });
});
