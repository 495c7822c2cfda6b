import { describe, expect, it } from 'vitest';
import { runMessage, type RunResult } from '../../protocol/run-result';
import { joinedText, statusLine, UNREACHABLE } from '../../components/runtime/run-status';

function result(r: Omit<RunResult, 'message'>): RunResult {
  return { ...r, message: runMessage(r) };
}

const base = { exitCode: null, signal: null, timedOut: false, canceled: false, durationMs: 1234 };

describe('statusLine', () => {
  it("a clean exit shows the server's one line (exit code and duration, said once) in the ok tone", () => {
    const line = statusLine({ phase: 'exited', result: result({ ...base, exitCode: 0 }) });
    expect(line).toEqual({ text: 'exited with code 0 in 1.2 s', tone: 'ok' });
  });

  it.each([
    [{ ...base, exitCode: 2 }, 'exited with code 2 in 1.2 s'],
    [{ ...base, signal: 'SIGTERM' }, 'killed by SIGTERM after 1.2 s'],
    [{ ...base, canceled: true, signal: 'SIGTERM' }, 'canceled after 1.2 s'],
    [{ ...base, timedOut: true, signal: 'SIGKILL' }, 'timed out after 1.2 s'],
    [{ ...base, error: 'spawn sh ENOENT' }, 'failed: spawn sh ENOENT (after 1.2 s)'],
  ])('%o → "%s" in the bad tone', (r, text) => {
    expect(statusLine({ phase: 'exited', result: result(r) })).toEqual({ text, tone: 'bad' });
  });

  it('says running… while running', () => {
    expect(statusLine({ phase: 'running', startedAt: 0 })).toEqual({ text: 'running…', tone: 'busy' });
  });

  it('says a start joined the run in progress, and since when', () => {
    expect(statusLine({ phase: 'running', startedAt: 0, joinedAgeMs: 3_200 })).toEqual({
      text: 'already running, started 3 s ago: showing that run',
      tone: 'busy',
    });
    expect(joinedText(0)).toBe('already running, started 0 s ago: showing that run');
    expect(joinedText(125_000)).toBe('already running, started 2 min 5 s ago: showing that run');
  });

  it('names the companion server and how to start it when it is not reachable', () => {
    const line = statusLine({ phase: 'unreachable' });
    expect(line.text).toContain(UNREACHABLE);
    expect(line.text).toContain('npm start');
  });

  it('says the connection was lost while a run was shown', () => {
    expect(statusLine({ phase: 'disconnected' })).toEqual({
      text: "Lost the connection to Onramp's companion server; reconnecting…",
      tone: 'bad',
    });
  });

  it('shows why the server refused a run', () => {
    expect(statusLine({ phase: 'refused', error: 'parameter "dir" is required' }).text).toBe(
      'Could not run: parameter "dir" is required',
    );
  });
});
