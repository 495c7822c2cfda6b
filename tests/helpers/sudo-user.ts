// A throw-away local user whose sudo asks for a password (`ALL=(ALL) ALL`), for the host sudo
// tests: created by the test (the suite runs as root), removed again with its sudoers rule and
// sudo's timestamp and lecture files. Needs the Debian package sudo.
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SudoUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly password: string;
  /** A fresh directory owned by the user (config dirs and the like). */
  ownedDir(prefix: string): string;
  /** Spawn a process as this user (uid, gid, HOME, USER, LOGNAME). */
  spawn(file: string, args: readonly string[], opts?: SpawnOptions): ChildProcess;
  /** Delete the user, its home, its sudoers rule and sudo's files about it. */
  remove(): void;
}

const SUDOERS_DIR = '/etc/sudoers.d';

export function createSudoUser(name = 'onramp-sudo-t', password = `pw-${process.pid}-S3cr3t!`): SudoUser {
  if (!existsSync('/usr/bin/sudo')) throw new Error('sudo is not installed: apt-get install sudo');
  try {
    execFileSync('userdel', ['-r', name], { stdio: 'ignore' });
  } catch {
    // no such user left over from an earlier run
  }
  execFileSync('useradd', ['-m', '-s', '/bin/sh', name], { stdio: 'ignore' });
  execFileSync('chpasswd', [], { input: `${name}:${password}\n` });
  const rule = join(SUDOERS_DIR, name);
  execFileSync('sh', ['-c', `umask 0337 && cat > ${rule}`], { input: `${name} ALL=(ALL) ALL\n` });
  execFileSync('visudo', ['-c', '-q', '-f', rule]);
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
  const home = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((l) => l.split(':'))
    .find((f) => f[0] === name)?.[5] as string;
  const dirs: string[] = [];
  return {
    name,
    uid,
    gid,
    home,
    password,
    ownedDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      chownSync(dir, uid, gid);
      dirs.push(dir);
      return dir;
    },
    spawn(file, args, opts = {}) {
      return spawn(file, args, {
        ...opts,
        uid,
        gid,
        env: { ...(opts.env ?? {}), HOME: home, USER: name, LOGNAME: name } as NodeJS.ProcessEnv,
      });
    },
    remove() {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      rmSync(rule, { force: true });
      for (const dir of ['/run/sudo/ts', '/var/lib/sudo/lectured'])
        if (existsSync(dir)) for (const f of readdirSync(dir)) if (f === name) rmSync(join(dir, f), { force: true });
      try {
        execFileSync('pkill', ['-KILL', '-u', name], { stdio: 'ignore' });
      } catch {
        // no process left
      }
      try {
        execFileSync('userdel', ['-r', name], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    },
  };
}
