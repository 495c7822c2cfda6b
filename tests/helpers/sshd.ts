// A real OpenSSH sshd on a free loopback port, with its own host key, config and test users.
// Needs the Debian packages openssh-server and sudo, and root (to create users and run sshd).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile, chmod, rm, readFile, readdir } from 'node:fs/promises';
import { mkdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollFor } from './poll';

export const SSHD_USER = 'onramp-test';
/** A second user whose sudo rule asks for a password. */
export const SSHD_SUDO_PW_USER = 'onramp-test-pw';
export const SSHD_PASSWORD = 'onramp-test-password';

export interface Sshd {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Private key (no passphrase) authorized for both test users. */
  readonly keyPath: string;
  readonly hostKeyPath: string;
  /** `SHA256:...` as `ssh-keygen -lf` prints it. */
  readonly hostFingerprint: string;
  /** The host key's public line (`ssh-ed25519 AAAA...`). */
  readonly hostPublicKey: string;
  readonly dir: string;
  /** Authorize one more public key (a line of an `.pub` file). */
  authorize(publicKeyLine: string): Promise<void>;
  /** Kill sshd and every session it serves, and remove its temp dir. */
  stop(): Promise<void>;
  /** SIGKILL sshd and every session process: clients see the TCP connection drop. */
  kill(): Promise<void>;
  /** SIGSTOP sshd and its sessions: the connection hangs silently (only keepalives notice). */
  freeze(): Promise<void>;
  /** Start again on the same port with the same host key (after stop, kill or freeze). */
  restart(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      server.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function ensureUser(name: string): void {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['-m', '-s', '/bin/sh', name], { stdio: 'ignore' });
  }
  execFileSync('chpasswd', [], { input: `${name}:${SSHD_PASSWORD}\n` });
}

function ensureSudoRules(): void {
  if (!existsSync('/usr/bin/sudo')) return;
  const rules = `${SSHD_USER} ALL=(ALL) NOPASSWD: ALL\n${SSHD_SUDO_PW_USER} ALL=(ALL) ALL\n`;
  execFileSync('sh', ['-c', 'umask 0337 && cat > /etc/sudoers.d/onramp-test'], { input: rules });
}

/** Process ids of `root` and all its descendants, from /proc (parent links). */
async function processTree(root: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we read /proc
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export async function startSshd(): Promise<Sshd> {
  ensureUser(SSHD_USER);
  ensureUser(SSHD_SUDO_PW_USER);
  ensureSudoRules();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = await mkdtemp(join(tmpdir(), 'onramp-sshd-'));
  await chmod(dir, 0o755);
  const hostKeyPath = join(dir, 'host_ed25519');
  const keyPath = join(dir, 'client_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKeyPath]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'onramp-test-client', '-f', keyPath]);
  const hostPublicKey = (await readFile(`${hostKeyPath}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
  const hostFingerprint =
    execFileSync('ssh-keygen', ['-lf', `${hostKeyPath}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? '';
  const authorizedKeys = join(dir, 'authorized_keys');
  await writeFile(authorizedKeys, await readFile(`${keyPath}.pub`, 'utf8'), { mode: 0o644 });
  const port = await freePort();
  const configPath = join(dir, 'sshd_config');
  await writeFile(
    configPath,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKeyPath}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin no',
      `AllowUsers ${SSHD_USER} ${SSHD_SUDO_PW_USER}`,
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );

  let child: ChildProcess | undefined;
  let log = '';
  const launch = async (): Promise<void> => {
    log = '';
    const proc = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
    });
    await pollFor(`sshd to listen on 127.0.0.1:${port}`, () => {
      if (proc.exitCode !== null) throw new Error(`sshd exited with ${proc.exitCode}: ${log}`);
      return log.includes(`Server listening on 127.0.0.1 port ${port}`);
    });
  };
  const end = async (): Promise<void> => {
    const proc = child;
    if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
    // Stop the tree until no new process appears (a session may be forking), then kill it all.
    let tree = await processTree(proc.pid);
    for (;;) {
      signalAll(tree, 'SIGSTOP');
      const again = await processTree(proc.pid);
      if (again.every((pid) => tree.includes(pid))) break;
      tree = again;
    }
    signalAll(tree, 'SIGKILL');
    await pollFor('sshd to exit', () => proc.exitCode !== null || proc.signalCode !== null);
  };

  await launch();
  return {
    host: '127.0.0.1',
    port,
    user: SSHD_USER,
    password: SSHD_PASSWORD,
    keyPath,
    hostKeyPath,
    hostFingerprint,
    hostPublicKey,
    dir,
    async authorize(line) {
      await writeFile(authorizedKeys, `${await readFile(authorizedKeys, 'utf8')}${line.trim()}\n`);
    },
    async stop() {
      await end();
      await rm(dir, { recursive: true, force: true });
    },
    kill: () => end(),
    async freeze() {
      if (child?.pid) signalAll(await processTree(child.pid), 'SIGSTOP');
    },
    async restart() {
      await end();
      await launch();
    },
  };
}

/** Known-hosts paths in a fresh temp dir, with sshd's host key already accepted in Onramp's file. */
export async function trustedKnownHosts(sshd: Sshd): Promise<{ user: string; onramp: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'onramp-kh-'));
  const paths = { user: join(dir, 'user_known_hosts'), onramp: join(dir, 'onramp_known_hosts'), dir };
  await writeFile(paths.onramp, `[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey}\n`);
  return paths;
}
