// The pure parts of a sync's one channel: the header before the tar, the refusal message and the
// phases line.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { phasesLine } from '../../server/cli/sync';
import { RECEIVE_SCRIPT, receiveHeader, refusedMessage } from '../../server/sync/remote-stream';

const target = { host: '127.0.0.1', port: 2222, user: 'onramp', auth: { kind: 'agent' } } as const;

describe('receiveHeader', () => {
  it('says done when there is nothing to send or remove', () => {
    expect(receiveHeader({ remove: [], tar: null })).toBe('done\n');
  });
  it('gives the byte count of the NUL-separated removal list, then the list', () => {
    const header = receiveHeader({ remove: ['./é x', './b'], tar: Readable.from([]) });
    expect(header).toBe(`${Buffer.byteLength('./é x\0./b\0')}\n./é x\0./b\0`);
    expect(receiveHeader({ remove: [], tar: Readable.from([]) })).toBe('0\n');
  });
});

describe('RECEIVE_SCRIPT (run by the local sh, as dom0 would)', () => {
  const run = (dest: string, mode: string, input: string) =>
    execFileSync('sh', ['-c', RECEIVE_SCRIPT, 'sh', dest, mode], { input, encoding: 'utf8', stdio: 'pipe' });

  it('answers absent for changes into a missing folder, creating nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onramp-receive-'));
    expect(run(join(dir, 'gone'), 'changes', '')).toBe('absent\n');
    expect(await readdir(dir)).toEqual([]);
    await rm(dir, { recursive: true });
  });

  it('removes exactly the listed entries, then hands the rest of stdin to tar', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onramp-receive-'));
    execFileSync('sh', ['-c', 'cd "$1" && touch "a b" keep && mkdir d && touch d/x', 'sh', dir]);
    const tar = execFileSync('tar', ['-C', dir, '-cf', '-', './keep']);
    const header = receiveHeader({ remove: ['./a b', './d'], tar: Readable.from([]) });
    execFileSync('sh', ['-c', RECEIVE_SCRIPT, 'sh', dir, 'changes'], {
      input: Buffer.concat([Buffer.from(header), tar]),
    });
    expect((await readdir(dir)).sort()).toEqual(['keep']);
    await rm(dir, { recursive: true });
  });
});

describe('refusedMessage', () => {
  it("names dom0's words, the folder, the user and both fixes", () => {
    const m = refusedMessage(target, '/root/lab', 1, "mkdir: cannot create directory '/root/lab': Permission denied\n");
    expect(m).toContain("mkdir: cannot create directory '/root/lab': Permission denied");
    expect(m).toContain('cannot write into /root/lab in dom0 as onramp');
    expect(m).toContain('sudo mkdir -p /root/lab && sudo chown onramp /root/lab');
  });
});

describe('phasesLine', () => {
  it('prints the connection split and each phase in seconds', () => {
    expect(
      phasesLine(
        { kexMs: 1200, loginMs: 800, cipher: 'chacha20-poly1305@openssh.com' },
        { scanMs: 3, openMs: 150, readyMs: 250, sendMs: 2500, finishMs: 400 },
      ),
    ).toBe(
      'phases: connect: key exchange 1.20 s, login 0.80 s, cipher chacha20-poly1305@openssh.com; scan 0.00 s, channel 0.15 s, ready 0.25 s, send 2.50 s, finish 0.40 s',
    );
  });
});
