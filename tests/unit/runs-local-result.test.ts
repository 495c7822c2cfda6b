// The local runner's pure decisions: sudo argv, spawn error wording, signal names, result flags.
import { describe, expect, it } from 'vitest';
import { buildResult, rootArgv, signalName, spawnErrorMessage } from '../../server/runners/local-result';

describe('rootArgv', () => {
  it('leaves argv alone when root is not wanted or we already are root', () => {
    expect(rootArgv(['xl', 'info'], false, 1000)).toEqual(['xl', 'info']);
    expect(rootArgv(['xl', 'info'], true, 0)).toEqual(['xl', 'info']);
  });

  it('uses sudo -n and passes the extra environment through env as separate arguments', () => {
    expect(rootArgv(['sh', '-c', 'xl info'], true, 1000, { ONRAMP_DIR: '/a b; rm -rf /' })).toEqual([
      'sudo',
      '-n',
      '--',
      'env',
      'ONRAMP_DIR=/a b; rm -rf /',
      'sh',
      '-c',
      'xl info',
    ]);
  });
});

describe('spawnErrorMessage', () => {
  const err = (code: string) => Object.assign(new Error(`spawn x ${code}`), { code });
  it('names the missing command', () => {
    expect(spawnErrorMessage(err('ENOENT'), 'opam')).toBe('command not found: opam (install it or check PATH)');
  });
  it('names a command that is not executable', () => {
    expect(spawnErrorMessage(err('EACCES'), '/tmp/x')).toContain('permission denied: /tmp/x');
  });
  it('keeps the detail of anything else', () => {
    expect(spawnErrorMessage(err('EMFILE'), 'sh')).toBe('could not start sh: spawn x EMFILE');
  });
});

describe('signalName', () => {
  it('maps node-pty numbers to names and treats 0 as no signal', () => {
    expect(signalName(15)).toBe('SIGTERM');
    expect(signalName(9)).toBe('SIGKILL');
    expect(signalName(0)).toBeNull();
    expect(signalName(null)).toBeNull();
    expect(signalName('SIGINT')).toBe('SIGINT');
  });
});

describe('buildResult', () => {
  const at = { startedAt: 1000, endedAt: 2500 };
  it('reports an exit code with its duration', () => {
    expect(buildResult({ exitCode: 3, signal: null, ...at })).toEqual({
      exitCode: 3,
      signal: null,
      timedOut: false,
      canceled: false,
      durationMs: 1500,
      message: 'exited with code 3 in 1.5 s',
    });
  });
  it('lets a signal win over the exit code node-pty reports with it', () => {
    const r = buildResult({ exitCode: 0, signal: 15, ...at });
    expect(r).toMatchObject({ exitCode: null, signal: 'SIGTERM', message: 'killed by SIGTERM after 1.5 s' });
  });
  it('says canceled and timed out before the signal that ended the tree', () => {
    expect(buildResult({ exitCode: 0, signal: 9, canceled: true, ...at }).message).toBe('canceled after 1.5 s');
    expect(buildResult({ exitCode: 0, signal: 15, timedOut: true, ...at }).message).toBe('timed out after 1.5 s');
  });
  it('carries a spawn error', () => {
    const r = buildResult({ exitCode: null, signal: null, error: 'command not found: opam', ...at });
    expect(r.message).toBe('failed: command not found: opam (after 1.5 s)');
  });
});
