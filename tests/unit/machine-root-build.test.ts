// Which part of `onramp machine create --driver qemu` runs as root, and how: only the image
// build's scripts, through sudo inside run-owned.sh (which hands the output to the user), never
// with a password in the command; already root runs them as they are.
import { describe, expect, it } from 'vitest';
import { rootBuildCommand, rootVia, RUN_OWNED, type RootFacts } from '../../server/machine/qemu/root-build';

const user: RootFacts = { uid: 1000, gid: 1000, sudoFound: true, sudoWithoutPassword: false, terminal: true };
const step = {
  script: '/src/lab/build-base.sh',
  args: ['/home/alice/.cache/onramp/lab-images/base-1234.tar', 'bookworm', 'http://deb.debian.org/debian', '/p'],
  output: '/home/alice/.cache/onramp/lab-images/base-1234.tar',
};

describe('rootVia', () => {
  it.each<[string, RootFacts, unknown]>([
    ['root runs the scripts itself', { ...user, uid: 0, gid: 0, sudoFound: false }, { kind: 'direct' }],
    [
      'password-less sudo: sudo -n',
      { ...user, sudoWithoutPassword: true, terminal: false },
      { kind: 'sudo', interactive: false },
    ],
    ['sudo with a password and a terminal: sudo asks on it', user, { kind: 'sudo', interactive: true }],
  ])('%s', (_name, facts, via) => {
    expect(rootVia(facts)).toEqual({ ok: true, value: via });
  });

  it('refuses without sudo, naming the uid and the fix', () => {
    const verdict = rootVia({ ...user, sudoFound: false });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok)
      expect(verdict.error).toMatch(
        /sudo is not installed \(this runs as uid 1000\); as root: apt-get install -y sudo/,
      );
  });

  it('refuses when sudo wants a password and there is no terminal, naming where it can ask', () => {
    const verdict = rootVia({ ...user, terminal: false });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok)
      expect(verdict.error).toMatch(
        /no terminal to ask it on; run `onramp machine create --driver qemu NAME` in a terminal, or from the "Create the lab machine" step/,
      );
  });
});

describe('rootBuildCommand', () => {
  it('a normal user: sudo runs run-owned.sh, which runs the script and gives its output to uid:gid', () => {
    expect(rootBuildCommand(step, { kind: 'sudo', interactive: true }, user)).toEqual({
      command: 'sudo',
      args: ['--', RUN_OWNED, '1000:1000', step.output, step.script, ...step.args],
    });
  });

  it('password-less sudo never waits on a prompt (-n)', () => {
    expect(rootBuildCommand(step, { kind: 'sudo', interactive: false }, user).args.slice(0, 3)).toEqual([
      '-n',
      '--',
      RUN_OWNED,
    ]);
  });

  it('root: the script as it is, no sudo, no chown', () => {
    expect(rootBuildCommand(step, { kind: 'direct' }, { uid: 0, gid: 0 })).toEqual({
      command: step.script,
      args: step.args,
    });
  });

  it('never carries a -S or a password: sudo asks on the terminal itself', () => {
    const { args } = rootBuildCommand(step, { kind: 'sudo', interactive: true }, user);
    expect(args).not.toContain('-S');
    expect(args.join(' ')).not.toMatch(/pass/i);
  });
});
