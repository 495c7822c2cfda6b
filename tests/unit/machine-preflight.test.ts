import { describe, expect, it } from 'vitest';
import { PLAIN_RECIPE_TOOLS, qemuPreflight, REQUIRED_TOOLS } from '../../server/machine/qemu/preflight';

const allTools = Object.fromEntries(Object.keys(REQUIRED_TOOLS).map((t) => [t, true]));

describe('qemuPreflight', () => {
  it('passes as root with every tool', () => {
    expect(qemuPreflight({ uid: 0, tools: allTools, hasApt: true })).toEqual({ ok: true });
  });

  it('names the missing tools and the one apt-get command that installs them', () => {
    const result = qemuPreflight({
      uid: 0,
      tools: { ...allTools, debootstrap: false, 'qemu-img': false, 'qemu-system-x86_64': false },
      hasApt: true,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'missing qemu-system-x86_64, qemu-img, debootstrap; install them with: apt-get install -y debootstrap qemu-system-x86 qemu-utils',
    ]);
  });

  it('lets a normal user with sudo create a machine (only the image build goes through sudo)', () => {
    expect(qemuPreflight({ uid: 1000, tools: { ...allTools, sudo: true }, hasApt: true })).toEqual({ ok: true });
  });

  it('asks a normal user without sudo to install it, with the command', () => {
    const result = qemuPreflight({ uid: 1000, tools: { ...allTools, sudo: false }, hasApt: true });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toMatch(
        /as root through sudo, but sudo is not installed \(this runs as uid 1000\); as root: apt-get install -y sudo/,
      );
  });

  it('says a Debian host is needed when there is no apt', () => {
    const result = qemuPreflight({ uid: 0, tools: { ...allTools, debootstrap: false }, hasApt: false });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/needs a Debian or Ubuntu host/);
  });

  it('asks for the partitioning and apt repository tools only for the plain recipe', () => {
    const facts = { uid: 0, tools: allTools, hasApt: true };
    expect(qemuPreflight(facts)).toEqual({ ok: true });
    const plain = qemuPreflight(facts, 'plain');
    expect(plain).toEqual({
      ok: false,
      problems: [
        'missing sfdisk, dpkg-scanpackages, apt-ftparchive; install them with: apt-get install -y apt-utils dpkg-dev fdisk',
      ],
    });
    const withAll = { ...allTools, ...Object.fromEntries(Object.keys(PLAIN_RECIPE_TOOLS).map((t) => [t, true])) };
    expect(qemuPreflight({ ...facts, tools: withAll }, 'plain')).toEqual({ ok: true });
  });
});
