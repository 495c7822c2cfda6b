import { describe, expect, it } from 'vitest';
import { err, errorMessage, ok, type Result } from '../../protocol/result';

describe('Result', () => {
  it('ok and err build the two branches that narrow on `ok`', () => {
    const results: Result<number>[] = [ok(3), err('no disk')];
    expect(results.map((r) => (r.ok ? `value ${r.value}` : `error ${r.error}`))).toEqual(['value 3', 'error no disk']);
  });
  it('a failure may carry a richer error than a message', () => {
    const r: Result<null, readonly string[]> = err(['a', 'b']);
    expect(r).toEqual({ ok: false, error: ['a', 'b'] });
  });
});

describe('errorMessage', () => {
  it.each([
    [new Error('spawn ENOENT'), 'spawn ENOENT'],
    [new TypeError('bad'), 'bad'],
    ['plain text', 'plain text'],
    [42, '42'],
    [undefined, 'undefined'],
  ])('%s → %s', (thrown, text) => expect(errorMessage(thrown)).toBe(text));
});
