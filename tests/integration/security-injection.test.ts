// Step parameters are data, never shell: every classic injection payload, in every parameter of
// the playground steps, reaches the command only as an environment variable. A marker file the
// payloads try to create must never appear, and the output shows each payload literally.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeFixtureApp,
  runStepToExit,
  signedInSocket,
  startTestServer,
  type InProcessServer,
  type OnrampClient,
  untrusted,
} from '../helpers/server';
import type { Ack, RunInfo } from '../../protocol/socket';

let app: ReturnType<typeof makeFixtureApp>;
let server: InProcessServer;
let socket: OnrampClient;
let scratch: string;
let marker: string;

beforeAll(async () => {
  app = makeFixtureApp();
  server = await startTestServer({ appDir: app.appDir });
  socket = await signedInSocket(server);
  scratch = mkdtempSync(join(tmpdir(), 'onramp-inject-'));
  marker = join(scratch, 'M');
});
afterAll(async () => {
  socket?.close();
  await server?.close();
  app?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const payloads = (m: string) => [
  `$(touch ${m})`,
  `\`touch ${m}\``,
  `; touch ${m}`,
  `| touch ${m}`,
  `&& touch ${m}`,
  `|| touch ${m}`,
  `'; touch ${m}; '`,
  `"; touch ${m}; "`,
  `$(touch${'${IFS}'}${m})`,
  `;touch$IFS${m}`,
  `\${IFS}touch\${IFS}${m}`,
  `> ${m}`,
  `$((0))$(touch ${m})`,
  `\\"$(touch ${m})\\"`,
  `%s$(touch ${m})%n`,
  `-- $(touch ${m})`,
  `$'\\x3btouch ${m}'`,
  `*`,
];
const controlPayloads = (m: string) => [`x\ntouch ${m}`, `x\rtouch ${m}`, `x\u0000touch ${m}`];

describe('echo-param (message: text)', () => {
  it('prints every payload literally and runs none of it', async () => {
    for (const message of payloads(marker)) {
      const out = await runStepToExit(socket, 'echo-param', { message });
      expect(out.ack.ok, message).toBe(true);
      expect(out.result?.exitCode, message).toBe(0);
      expect(out.output, message).toContain(`message=[${message}]`);
      expect(existsSync(marker), `marker created by ${JSON.stringify(message)}`).toBe(false);
    }
  });
  it('refuses control characters (newline, CR, NUL) before anything runs', async () => {
    const before = server.runs.list().length;
    for (const message of controlPayloads(marker)) {
      const out = await runStepToExit(socket, 'echo-param', { message });
      expect(out.ack, JSON.stringify(message)).toEqual({
        ok: false,
        error: expect.stringContaining('control characters'),
      });
    }
    expect(server.runs.list().length).toBe(before);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('touch-param (dir: path)', () => {
  it('passes every payload as one path argument and runs none of it', async () => {
    for (const dir of payloads(marker)) {
      const out = await runStepToExit(socket, 'touch-param', { dir });
      expect(out.ack.ok, dir).toBe(true);
      // `ls -d -- "$ONRAMP_DIR"`: no such file, so ls fails (2) instead of the payload running.
      expect(out.result?.exitCode, dir).toBe(2);
      expect(out.output, dir).toMatch(/No such file or directory/);
      expect(existsSync(marker), `marker created by ${JSON.stringify(dir)}`).toBe(false);
    }
  });
});

describe('what may run at all', () => {
  it('an unregistered step id is refused and nothing runs', async () => {
    const before = server.runs.list().length;
    for (const stepId of ['rm-rf', 'echo-hello-x', 'sh', '__proto__', 'constructor']) {
      const out = await runStepToExit(socket, stepId);
      expect(out.ack.ok, stepId).toBe(false);
    }
    expect(server.runs.list().length).toBe(before);
  });
  it('no event accepts a command: extra fields are refused, nothing runs', async () => {
    const before = server.runs.list().length;
    const attempts: unknown[] = [
      { stepId: 'echo-hello', params: {}, command: `touch ${marker}` },
      { stepId: 'echo-hello', argv: ['touch', marker] },
      { stepId: 'echo-param', params: { message: 'x' }, env: { ONRAMP_MESSAGE: 'y', PATH: '/nowhere' } },
      { stepId: 'echo-param', params: { message: 'x', extra: `$(touch ${marker})` } },
      { stepId: 'echo-param', params: { message: ['a', 'b'] } },
      { stepId: 'echo-param', params: { ['__proto__']: 'x' } },
      'echo-hello',
      null,
      [{ stepId: 'echo-hello' }],
    ];
    for (const payload of attempts) {
      const ack = (await untrusted(socket).timeout(5000).emitWithAck('run:start', payload)) as Ack<RunInfo>;
      expect(ack.ok, JSON.stringify(payload)).toBe(false);
    }
    expect(server.runs.list().length).toBe(before);
    expect(existsSync(marker)).toBe(false);
  });
});
