// A lab machine becomes dom0 only when asked, and the target it replaces is kept to switch back to.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dom0Target } from '../../protocol/socket-dom0';
import { loadPreviousTargets, withPrevious } from '../../server/config/dom0-history';
import type { SshTarget } from '../../server/machine/driver';
import type { MachineRecord } from '../../server/machine/record';
import { refreshIfDom0, registerAsDom0 } from '../../server/machine/register-dom0';

const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBzosDDkZKp/peKQuSdVn9IDWGJXT58S1cowIe1gNwLO';
const record: MachineRecord = {
  name: 'lab',
  driver: 'qemu',
  dir: '/m/lab',
  imageKey: 'k',
  sshPort: 40022,
  sshUser: 'root',
  hostKey: HOST_KEY,
  accel: 'tcg',
  readySnapshot: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const machineAt = (port: number): SshTarget => ({
  host: '127.0.0.1',
  port,
  user: 'onramp',
  identityFile: '/m/lab/id_ed25519',
  knownHostsFile: '/m/lab/known_hosts',
});
const usersDom0: Dom0Target = { host: '192.168.56.10', port: 22, user: 'me', auth: { kind: 'agent' } };
const t = (host: string): Dom0Target => ({ host, port: 22, user: 'u', auth: { kind: 'agent' } });

let dir: string;
let env: NodeJS.ProcessEnv;
const dom0Json = () => readFile(join(dir, 'dom0.json'), 'utf8');
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onramp-register-'));
  env = { ...process.env, ONRAMP_CONFIG_DIR: dir, HOME: dir };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('earlier dom0 targets', () => {
  it('newest first, no duplicates, at most five', () => {
    expect(withPrevious([t('a'), t('b')], t('b')).map((x) => x.host)).toEqual(['b', 'a']);
    const many = ['1', '2', '3', '4', '5'].map(t);
    expect(withPrevious(many, t('0')).map((x) => x.host)).toEqual(['0', '1', '2', '3', '4']);
  });
});

describe('registering a lab machine as dom0', () => {
  it("a plain start leaves the user's own dom0.json byte for byte", async () => {
    const text = `${JSON.stringify(usersDom0, null, 2)}\n`;
    await writeFile(join(dir, 'dom0.json'), text);
    expect(await refreshIfDom0(record, machineAt(40022), env)).toBeNull();
    expect(await dom0Json()).toBe(text);
  });

  it('a plain start with no dom0.json writes none', async () => {
    expect(await refreshIfDom0(record, machineAt(40022), env)).toBeNull();
    await expect(dom0Json()).rejects.toThrow(/ENOENT/);
  });

  it("asked (create, --use-as-dom0): the machine becomes dom0 and the user's target is kept to switch back", async () => {
    await writeFile(join(dir, 'dom0.json'), JSON.stringify(usersDom0));
    const done = await registerAsDom0(record, machineAt(40022), env);
    expect(done.replaced).toEqual(usersDom0);
    expect(JSON.parse(await dom0Json())).toEqual({
      host: '127.0.0.1',
      port: 40022,
      user: 'onramp',
      auth: { kind: 'key', path: '/m/lab/id_ed25519' },
    });
    expect(await loadPreviousTargets(join(dir, 'dom0-previous.json'))).toEqual([usersDom0]);
    expect(await readFile(join(dir, 'known_hosts'), 'utf8')).toContain(`[127.0.0.1]:40022 ${HOST_KEY}`);
  });

  it('a start of the machine that is dom0 follows its new port, without listing the old port as a target', async () => {
    await writeFile(join(dir, 'dom0.json'), JSON.stringify(usersDom0));
    await registerAsDom0(record, machineAt(40022), env);
    const done = await refreshIfDom0({ ...record, sshPort: 40023 }, machineAt(40023), env);
    expect(done?.replaced).toBeNull();
    expect(JSON.parse(await dom0Json()).port).toBe(40023);
    expect(await loadPreviousTargets(join(dir, 'dom0-previous.json'))).toEqual([usersDom0]);
  });
});

describe('registering a generic machine as dom0', () => {
  const spare: MachineRecord = {
    name: 'spare',
    driver: 'generic',
    dir: '/m/spare',
    imageKey: 'generic',
    sshHost: '192.0.2.10',
    sshPort: 22,
    sshUser: 'alice',
    hostKey: HOST_KEY,
    readySnapshot: false,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  const spareTarget: SshTarget = {
    host: '192.0.2.10',
    port: 22,
    user: 'alice',
    identityFile: '',
    knownHostsFile: '/m/spare/known_hosts',
  };

  it("logs in with the agent, pins the verified host key and keeps the user's previous dom0; a second run changes nothing", async () => {
    await writeFile(join(dir, 'dom0.json'), `${JSON.stringify(usersDom0, null, 2)}\n`);
    const done = await registerAsDom0(spare, spareTarget, env);
    expect(done.replaced).toEqual(usersDom0);
    expect(JSON.parse(await dom0Json())).toEqual({
      host: '192.0.2.10',
      port: 22,
      user: 'alice',
      auth: { kind: 'agent' },
    });
    expect(await loadPreviousTargets(join(dir, 'dom0-previous.json'))).toEqual([usersDom0]);
    const pinned = await readFile(join(dir, 'known_hosts'), 'utf8');
    expect(pinned).toBe(`192.0.2.10 ${HOST_KEY}\n`);

    const again = await registerAsDom0(spare, spareTarget, env);
    expect(again.replaced).toBeNull();
    expect(await loadPreviousTargets(join(dir, 'dom0-previous.json'))).toEqual([usersDom0]);
    expect(await readFile(join(dir, 'known_hosts'), 'utf8')).toBe(pinned);
  });
});
