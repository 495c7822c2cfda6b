// Contract: the one table of client events (names, kinds, schemas), the exact payloads each accepts
// (after defaults) and the exact refusals, the sender's types, and the one registration helper.
import { EventEmitter } from 'node:events';
import type { Socket as ClientSocket } from 'socket.io-client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CLIENT_EVENTS, type ClientToServerEvents, type ServerToClientEvents } from '../../protocol/socket';
import type { Ack } from '../../protocol/socket-contract';
import { onNotice, onRequest, parseEvent } from '../../server/socket/handle-event';
import type { OnrampSocket } from '../../server/socket/onramp-socket';

describe('the client event table', () => {
  it('names every event once, with its kind and whether it carries a payload', () => {
    const rows = Object.entries(CLIENT_EVENTS).map(
      ([name, row]) => `${name} ${row.kind}${row.schema === null ? ' (no payload)' : ''}`,
    );
    expect(rows).toEqual([
      'run:start request',
      'run:cancel request',
      'run:attach request',
      'run:detach notice',
      'run:ack notice',
      'run:resize notice',
      'runs:list request (no payload)',
      'check:run request',
      'checks:run-all request',
      'dom0:get-target request (no payload)',
      'dom0:set-target request',
      'dom0:set-alias request',
      'dom0:test request (no payload)',
      'dom0:previous-targets request (no payload)',
      'dom0:hostkey-accept request',
      'dom0:hostkey-forget request (no payload)',
      'dom0:secret request',
      'dom0:shell-open request',
      'dom0:shell-input notice',
      'dom0:shell-resize notice',
      'dom0:shell-close notice',
      'run:secret request',
      'check:secret request',
      'check:prompts request (no payload)',
      'check:secret-cancel request',
      'secrets:forget request',
      'autopilot:plan request',
      'autopilot:start request',
      'autopilot:answer request',
      'autopilot:continue request',
      'autopilot:cancel request',
      'autopilot:list request (no payload)',
      'setup:get-path request (no payload)',
      'setup:set-path request',
    ]);
  });
});

describe('accepted payloads, exactly as the handler receives them', () => {
  it.each<[keyof typeof CLIENT_EVENTS, unknown, unknown]>([
    ['run:start', { stepId: 'echo-hello' }, { stepId: 'echo-hello', params: {}, output: 'socket' }],
    [
      'run:start',
      { stepId: 'echo-param', params: { message: 'hi' }, output: 'stream' },
      { stepId: 'echo-param', params: { message: 'hi' }, output: 'stream' },
    ],
    ['run:attach', { runId: 'run-abcdefgh' }, { runId: 'run-abcdefgh', fromOffset: 0, output: 'socket' }],
    [
      'run:attach',
      { runId: 'run-abcdefgh', fromOffset: 8, output: 'stream' },
      { runId: 'run-abcdefgh', fromOffset: 8, output: 'stream' },
    ],
    ['run:cancel', { runId: 'run-abcdefgh' }, { runId: 'run-abcdefgh' }],
    ['run:ack', { runId: 'run-abcdefgh', offset: 4096 }, { runId: 'run-abcdefgh', offset: 4096 }],
    ['run:resize', { runId: 'run-abcdefgh', cols: 80, rows: 24 }, { runId: 'run-abcdefgh', cols: 80, rows: 24 }],
    ['runs:list', undefined, undefined],
    ['check:run', { checkId: 'host-platform' }, { checkId: 'host-platform' }],
    ['checks:run-all', {}, {}],
    ['checks:run-all', { stage: 'host' }, { stage: 'host' }],
    ['dom0:get-target', undefined, undefined],
    ['dom0:set-alias', { alias: 'labdom0' }, { alias: 'labdom0' }],
    ['dom0:secret', { kind: 'sudo-password', value: 's3cret' }, { kind: 'sudo-password', value: 's3cret' }],
    ['dom0:shell-open', { cols: 100, rows: 30 }, { cols: 100, rows: 30 }],
    [
      'run:secret',
      { runId: 'run-abcdefgh', promptId: 'prompt-abcdefgh', value: 's3cret' },
      { runId: 'run-abcdefgh', promptId: 'prompt-abcdefgh', value: 's3cret' },
    ],
    ['secrets:forget', { target: 'host' }, { target: 'host' }],
    ['autopilot:start', { chapter: 'xen' }, { chapter: 'xen', tabs: [], params: {} }],
    [
      'autopilot:start',
      { chapter: 'dom0', path: 'qemu', tabs: ['systemd-networkd'], params: { bridge: 'br0' }, from: 'dom0-links' },
      { chapter: 'dom0', path: 'qemu', tabs: ['systemd-networkd'], params: { bridge: 'br0' }, from: 'dom0-links' },
    ],
    ['autopilot:plan', { chapter: 'boot' }, { chapter: 'boot', tabs: [], params: {} }],
    [
      'autopilot:answer',
      { autopilotId: 'autopilot-abcdefgh', params: { iso: '/tmp/d.iso' } },
      { autopilotId: 'autopilot-abcdefgh', params: { iso: '/tmp/d.iso' } },
    ],
    ['autopilot:continue', { autopilotId: 'autopilot-abcdefgh' }, { autopilotId: 'autopilot-abcdefgh' }],
    ['autopilot:cancel', { autopilotId: 'autopilot-abcdefgh' }, { autopilotId: 'autopilot-abcdefgh' }],
    ['autopilot:list', undefined, undefined],
    [
      'check:secret',
      { promptId: 'prompt-abcdefgh', value: 's3cret' },
      { promptId: 'prompt-abcdefgh', value: 's3cret' },
    ],
    ['check:prompts', undefined, undefined],
    ['check:secret-cancel', { promptId: 'prompt-abcdefgh' }, { promptId: 'prompt-abcdefgh' }],
    ['setup:get-path', undefined, undefined],
    ['setup:set-path', { path: 'generic' }, { path: 'generic' }],
  ])('%s %j → %j', (event, payload, expected) => {
    expect(parseEvent(event, payload)).toEqual({ ok: true, value: expected });
  });
});

describe('refused payloads name every issue, never a secret', () => {
  it.each<[keyof typeof CLIENT_EVENTS, unknown, string]>([
    ['run:start', {}, 'run:start: invalid payload at "stepId": Invalid input: expected string, received undefined'],
    [
      'run:start',
      { stepId: 'Bad Id', params: { a: 1 }, command: 'rm -rf /' },
      'run:start: invalid payload at "stepId": a step id is lowercase letters, digits and dashes; at "params.a": Invalid input: expected string, received number; Unrecognized key: "command"',
    ],
    [
      'run:attach',
      { runId: 'run-abcdefgh', output: 'file' },
      'run:attach: invalid payload at "output": Invalid option: expected one of "socket"|"stream"',
    ],
    [
      'run:resize',
      { runId: 'run-abcdefgh', cols: 0, rows: 1e9 },
      'run:resize: invalid payload at "cols": Too small: expected number to be >=2; at "rows": Too big: expected number to be <=500',
    ],
    ['run:detach', 42, 'run:detach: invalid payload: Invalid input: expected object, received number'],
    [
      'dom0:set-target',
      { host: 'h; rm -rf /', port: 0, user: 'u', auth: { kind: 'agent' } },
      'dom0:set-target: invalid payload at "host": a host is a name or an IP address; at "port": Too small: expected number to be >=1',
    ],
    [
      'dom0:secret',
      { kind: 'token', value: 'hunter2' },
      'dom0:secret: invalid payload: expected { kind: "password" | "passphrase" | "sudo-password", value: a non-empty string }',
    ],
    [
      'run:secret',
      { runId: 'run-abcdefgh', promptId: 'nope', value: 'hunter2' },
      'run:secret: invalid payload: expected { runId, promptId, value: a non-empty string of at most 4096 characters }',
    ],
    [
      'check:secret',
      { promptId: 'prompt-abcdefgh', value: 'hunter2', checkId: 'xen-running' },
      'check:secret: invalid payload: expected { promptId, value: a non-empty string of at most 4096 characters }',
    ],
    [
      'secrets:forget',
      { target: 'elsewhere' },
      'secrets:forget: invalid payload at "target": Invalid option: expected one of "host"|"dom0"',
    ],
    [
      'autopilot:start',
      { chapter: 'Xen', path: 'kvm', command: 'reboot' },
      'autopilot:start: invalid payload at "chapter": a chapter is its slug, e.g. "xen"; at "path": Invalid option: expected one of "virtualbox"|"qemu"|"generic"; Unrecognized key: "command"',
    ],
    [
      'setup:set-path',
      { path: '../../etc/passwd', file: '/tmp/x' },
      'setup:set-path: invalid payload at "path": Invalid option: expected one of "virtualbox"|"qemu"|"generic"; Unrecognized key: "file"',
    ],
  ])('%s %j', (event, payload, error) => {
    expect(parseEvent(event, payload)).toEqual({ ok: false, error });
  });
});

/** Registers handlers on a plain emitter standing in for a socket, and calls them as socket.io would. */
function fakeSocket() {
  const emitter = new EventEmitter();
  const call = (event: string, ...args: unknown[]) => emitter.emit(event, ...args);
  const answer = (event: string, ...args: unknown[]) =>
    new Promise<unknown>((resolve) => call(event, ...args, resolve));
  return { socket: emitter as unknown as OnrampSocket, call, answer };
}

describe('the registration helper', () => {
  it('parses, answers the value, and turns a throw into { ok: false, error } framed by the handler', async () => {
    const { socket, answer } = fakeSocket();
    const seen: unknown[] = [];
    onRequest(socket, 'run:cancel', ({ runId }) => {
      seen.push(runId);
      return { ok: true, value: null };
    });
    onRequest(
      socket,
      'check:run',
      () => {
        throw new Error('the runner went away');
      },
      { failure: (message, { checkId }) => `check "${checkId}" could not run: ${message}` },
    );
    onRequest(socket, 'dom0:get-target', () => ({ ok: true, value: null }));

    expect(await answer('run:cancel', { runId: 'run-abcdefgh' })).toEqual({ ok: true, value: null });
    expect(await answer('run:cancel', { runId: 'nope' })).toEqual({
      ok: false,
      error: 'run:cancel: invalid payload at "runId": Invalid string: must match pattern /^run-[A-Za-z0-9_-]{8,64}$/',
    });
    expect(seen).toEqual(['run-abcdefgh']);
    expect(await answer('check:run', { checkId: 'host-platform' })).toEqual({
      ok: false,
      error: 'check "host-platform" could not run: the runner went away',
    });
    expect(await answer('dom0:get-target')).toEqual({ ok: true, value: null });
  });

  it('a missing acknowledgement is not an error, and a refused notice never reaches the handler', () => {
    const { socket, call } = fakeSocket();
    const resized: unknown[] = [];
    onRequest(socket, 'runs:list', () => ({ ok: true, value: [] }));
    onNotice(socket, 'run:resize', (size) => void resized.push(size));
    expect(() => call('runs:list')).not.toThrow();
    call('run:resize', { runId: 'run-abcdefgh', cols: 1, rows: 24 });
    call('run:resize', { runId: 'run-abcdefgh', cols: 120, rows: 40 });
    expect(resized).toEqual([{ runId: 'run-abcdefgh', cols: 120, rows: 40 }]);
  });
});

describe('the sender is typed by the schemas', () => {
  it('payload types are the schemas input types (defaults may be left out)', () => {
    expectTypeOf<Parameters<ClientToServerEvents['run:start']>[0]>().toEqualTypeOf<{
      stepId: string;
      params?: Record<string, string> | undefined;
      output?: 'socket' | 'stream' | undefined;
    }>();
    expectTypeOf<Parameters<ClientToServerEvents['run:attach']>[0]>().toEqualTypeOf<{
      runId: string;
      fromOffset?: number | undefined;
      output?: 'socket' | 'stream' | undefined;
    }>();
    expectTypeOf<Parameters<ClientToServerEvents['runs:list']>[0]>().toEqualTypeOf<
      (res: Ack<readonly import('../../protocol/socket').RunInfo[]>) => void
    >();
  });

  it('a wrong payload does not compile', () => {
    // Never called: the checks are the @ts-expect-error lines, verified by tsc.
    const wrong = (socket: ClientSocket<ServerToClientEvents, ClientToServerEvents>) => {
      // @ts-expect-error a step id, not a command
      socket.emit('run:start', { command: 'rm -rf /' }, () => {});
      // @ts-expect-error params are strings
      socket.emit('run:start', { stepId: 'echo-param', params: { n: 1 } }, () => {});
      // @ts-expect-error run:resize needs rows
      socket.emit('run:resize', { runId: 'run-abcdefgh', cols: 80 });
      // @ts-expect-error no such event
      socket.emit('run:exec', { argv: ['sh'] });
    };
    expect(typeof wrong).toBe('function');
  });
});
