import { describe, expect, it } from 'vitest';
import { checksBody } from '../../server/http/api-routes';
import { agoText, storedVerdicts } from '../../components/runtime/stored-verdicts';
import type { ProgressFile } from '../../server/checks/progress';

describe('storedVerdicts: the verdicts a chapter page shows from GET /api/checks', () => {
  it("reads the server's own body: the checks with a stored verdict, and when", () => {
    const progress: ProgressFile = {
      version: 1,
      checks: {
        'opam-version': { verdict: { status: 'passed', found: 'opam 2.1.2' }, at: 1_700_000_000_000 },
        'xen-running': { verdict: { status: 'error', reason: 'dom0 is not configured' }, at: 1_700_000_100_000 },
      },
    };
    const verdicts = storedVerdicts(JSON.parse(JSON.stringify(checksBody(progress, 'qemu'))));
    expect([...verdicts.keys()].sort()).toEqual(['opam-version', 'xen-running']);
    expect(verdicts.get('opam-version')).toEqual({
      verdict: { status: 'passed', found: 'opam 2.1.2' },
      at: 1_700_000_000_000,
    });
    expect(verdicts.get('xen-running')?.verdict.status).toBe('error');
  });

  it('leaves out what is not a stored verdict, and reads anything else as none', () => {
    const body = {
      checks: [
        { id: 'a', verdict: { status: 'passed', found: 'x' }, at: 1 },
        { id: 'b', verdict: { status: 'maybe' }, at: 1 },
        { id: 'c', verdict: { status: 'passed', found: 'x' } },
        { id: 'd' },
        { verdict: { status: 'passed', found: 'x' }, at: 1 },
      ],
    };
    expect([...storedVerdicts(body).keys()]).toEqual(['a']);
    for (const other of [null, undefined, 'x', {}, { checks: 'no' }]) expect(storedVerdicts(other).size).toBe(0);
  });
});

describe('agoText', () => {
  const now = 1_700_000_000_000;
  it.each([
    [now, 'just now'],
    [now + 5_000, 'just now'],
    [now - 59_000, 'just now'],
    [now - 60_000, '1 min ago'],
    [now - 59 * 60_000, '59 min ago'],
    [now - 60 * 60_000, '1 h ago'],
    [now - 47 * 3_600_000, '47 h ago'],
    [now - 48 * 3_600_000, '2 days ago'],
  ])('%i → %s', (at, text) => expect(agoText(at, now)).toBe(text));
});
