import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  commandLine,
  killGroupScript,
  remoteScript,
  shellQuote,
  sudoWantsPassword,
} from '../../server/ssh/remote-command';
import { PgidMarker } from '../../server/ssh/pgid-marker';

const nasty = [
  "it's",
  'two words',
  '$(id)',
  '`id`',
  'a\nb',
  '"dq"',
  '',
  '*',
  '-n',
  'back\\slash',
  '${HOME}',
  ';rm -rf /',
  'é ü 日本',
];

describe('shellQuote', () => {
  it.each([
    ['plain', 'plain'],
    ['/usr/bin/xl', '/usr/bin/xl'],
    ["it's", `'it'\\''s'`],
    ['two words', `'two words'`],
    ['$(id)', `'$(id)'`],
    ['a\nb', `'a\nb'`],
    ['', `''`],
  ])('%j → %s', (arg, quoted) => {
    expect(shellQuote(arg)).toBe(quoted);
  });

  it('round-trips every argument through a real /bin/sh unchanged', () => {
    const text = `printf '%s\\0' ${nasty.map(shellQuote).join(' ')}`;
    const out = execFileSync('/bin/sh', ['-c', text], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(nasty);
  });
});

describe('commandLine', () => {
  it('puts quoted VAR=value prefixes before the quoted argv', () => {
    expect(commandLine(['sh', '-c', 'echo "$ONRAMP_DIR"'], { ONRAMP_DIR: "/tmp/a b/it's" })).toBe(
      `ONRAMP_DIR='/tmp/a b/it'\\''s' sh -c 'echo "$ONRAMP_DIR"'`,
    );
  });

  it('passes values through a real /bin/sh unchanged', () => {
    for (const value of nasty) {
      const out = execFileSync('/bin/sh', ['-c', commandLine(['printenv', 'V'], { V: value })], { encoding: 'utf8' });
      expect(out).toBe(`${value}\n`);
    }
  });

  it('refuses names that are not variable names, and an empty argv', () => {
    expect(() => commandLine(['true'], { 'A=B': 'x' })).toThrow('"A=B" is not an environment variable name');
    expect(() => commandLine(['true'], { '$(id)': 'x' })).toThrow('is not an environment variable name');
    expect(() => commandLine([])).toThrow('empty argv');
  });
});

describe('remoteScript', () => {
  it('announces the pid on stderr then execs the command with its environment', () => {
    expect(
      remoteScript({ argv: ['echo', 'hi there'], env: { V: 'a b' }, sudo: 'none', marker: 'M1', pty: false }),
    ).toBe(`printf '%s %s\\n' M1 "$$" >&2; V='a b' exec echo 'hi there'`);
  });

  it('hands the environment to the command in a real /bin/sh', () => {
    const out = execFileSync(
      '/bin/sh',
      ['-c', remoteScript({ argv: ['printenv', 'V'], env: { V: "it's $(x)" }, sudo: 'none', marker: 'M', pty: true })],
      { encoding: 'utf8' },
    );
    expect(out.split('\n')[1]).toBe("it's $(x)");
  });

  it('runs as root through sudo -n with the environment passed by env', () => {
    expect(remoteScript({ argv: ['id'], env: { ONRAMP_X: 'a b' }, sudo: 'no-password', marker: 'M', pty: true })).toBe(
      `printf '%s %s\\n' M "$$"; exec sudo -n -- env ONRAMP_X='a b' id`,
    );
  });

  it('reads a sudo password from stdin, never from the command text', () => {
    const text = remoteScript({ argv: ['id'], sudo: 'password', marker: 'M', pty: true });
    expect(text.startsWith('stty -echo; ')).toBe(true);
    expect(text).toContain('IFS= read -r ONRAMP_SUDO_PW; stty echo;');
    expect(text).toContain(`sudo -S -p '' -v`);
  });

  it('with a held password, both sudo calls have the same parent under bash and dash (sudo keeps its timestamp per parent)', () => {
    // A stand-in `sudo` that records its parent pid: the property sudo 1.9's timestamp depends on without a terminal.
    const dir = mkdtempSync(join(tmpdir(), 'onramp-sudo-parent-'));
    try {
      const log = join(dir, 'parents');
      writeFileSync(join(dir, 'sudo'), `#!/bin/sh\ncat >/dev/null\necho $PPID >> ${log}\n`, { mode: 0o755 });
      const script = remoteScript({ argv: ['true'], sudo: 'password', marker: 'M', pty: false });
      for (const shell of ['/bin/bash', '/bin/sh']) {
        writeFileSync(log, '');
        execFileSync(shell, ['-c', script], {
          input: 'pw\n',
          env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
        });
        const parents = readFileSync(log, 'utf8').trim().split('\n');
        expect(parents, shell).toHaveLength(2);
        expect(parents[0], shell).toBe(parents[1]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports the pid of a real shell', () => {
    const out = execFileSync(
      '/bin/sh',
      ['-c', remoteScript({ argv: ['sh', '-c', 'echo $$'], sudo: 'none', marker: 'MK', pty: true })],
      { encoding: 'utf8' },
    );
    const [marker, child] = out.trim().split('\n');
    expect(marker).toMatch(/^MK \d+$/);
    expect(child).toBe(marker?.split(' ')[1]);
  });
});

describe('killGroupScript and sudoWantsPassword', () => {
  it('terminates then kills the group', () => {
    expect(killGroupScript(4242, 'none')).toBe(
      'kill -TERM -4242 2>/dev/null; i=0; while kill -0 -4242 2>/dev/null && [ $i -lt 6 ]; do sleep 0.05; i=$((i+1)); done; kill -KILL -4242 2>/dev/null; true',
    );
    expect(killGroupScript(7, 'no-password')).toContain('sudo -n kill -KILL -- -7');
    expect(killGroupScript(7, 'no-password')).not.toContain('read');
    expect(
      killGroupScript(7, 'password').startsWith(
        `IFS= read -r ONRAMP_SUDO_PW; printf '%s\\n' "$ONRAMP_SUDO_PW" | sudo -S -p '' -v`,
      ),
    ).toBe(true);
  });

  it('recognises sudo asking for a password', () => {
    expect(sudoWantsPassword('sudo: a password is required\n')).toBe(true);
    expect(sudoWantsPassword('sudo: a terminal is required to read the password; either use the -S option\n')).toBe(
      true,
    );
    expect(sudoWantsPassword('permission denied\n')).toBe(false);
  });
});

describe('PgidMarker', () => {
  it('cuts the marker line split across chunks and keeps output around it', () => {
    const m = new PgidMarker('ONRAMP-abc');
    expect(m.feed('motd\nONRAMP-a')).toBe('');
    expect(m.feed('bc 1234\r\nhello')).toBe('motd\nhello');
    expect(m.pgid).toBe(1234);
    expect(m.feed('more')).toBe('more');
  });

  it('passes a stream without marker through once the look-ahead is full, and on flush', () => {
    const m = new PgidMarker('X');
    expect(m.feed('a'.repeat(9000))).toHaveLength(9000);
    expect(m.pgid).toBeNull();
    const n = new PgidMarker('X');
    expect(n.feed('short')).toBe('');
    expect(n.flush()).toBe('short');
  });
});
