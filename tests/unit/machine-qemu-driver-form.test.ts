// The qemu driver's form: settings read once from the environment, deps passed in, figures
// returned with the result instead of kept in a module global.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBootFigures } from '../../server/machine/driver';
import { silentProgress } from '../../server/machine/progress';
import { qemuConfigFromEnv, type QemuDeps } from '../../server/machine/qemu/qemu-deps';
import { makeQemuDriver } from '../../server/machine/qemu/qemu-driver';
import type { MachineRecord } from '../../server/machine/record';

const refuse = () => Promise.reject(new Error('not used by this test'));
const deps: QemuDeps = {
  hostFacts: refuse,
  debianMirror: refuse,
  kvmProbe: refuse,
  freePort: refuse,
  portFree: refuse,
  rootBuild: refuse,
};

describe('qemuConfigFromEnv', () => {
  it('reads the accelerator, deadlines, stop grace and cache dir from the environment given', () => {
    const config = qemuConfigFromEnv({
      ONRAMP_QEMU_ACCEL: 'tcg',
      ONRAMP_QEMU_BOOT_TIMEOUT_S: '30',
      ONRAMP_QEMU_STOP_TIMEOUT_S: '5',
      ONRAMP_CACHE_DIR: '/c',
    });
    expect(config).toEqual({
      recipe: 'xen',
      cacheDir: '/c',
      accelOverride: 'tcg',
      coldBootDeadlineMs: { kvm: 30_000, tcg: 30_000 },
      stopTimeoutMs: 5000,
      machineStore: expect.stringMatching(/machines\/machines\.json$/),
      imageKeep: 1,
      env: expect.objectContaining({ ONRAMP_CACHE_DIR: '/c' }),
    });
    expect(qemuConfigFromEnv({}).stopTimeoutMs).toBe(60_000);
  });
});

describe('makeQemuDriver', () => {
  it('discards a failed create and reports a stopped machine without touching its deps', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onramp-qemu-form-'));
    try {
      const driver = makeQemuDriver(deps, qemuConfigFromEnv({ ONRAMP_CACHE_DIR: dir }));
      expect(driver.name).toBe('qemu');
      expect(driver.failedCreate).toBe('discard');
      const record: MachineRecord = {
        name: 'm',
        driver: 'qemu',
        dir,
        imageKey: 'k',
        sshPort: 40022,
        sshUser: 'root',
        hostKey: 'ssh-ed25519 AAAA',
        readySnapshot: false,
        createdAt: '2026-01-01T00:00:00.000Z',
      };
      expect(await driver.status(record)).toEqual({ state: 'stopped' });
      expect(await driver.stop(record, silentProgress)).toEqual({});
      expect(driver.sshTarget(record, 'onramp')).toEqual({
        host: '127.0.0.1',
        port: 40022,
        user: 'onramp',
        identityFile: join(dir, 'id_ed25519'),
        knownHostsFile: join(dir, 'known_hosts'),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('formatBootFigures', () => {
  it('prints only what was measured, in the order the lab lane reads them', () => {
    expect(formatBootFigures({})).toBe('');
    expect(formatBootFigures({ imageBuildS: 61.25, coldBootToSshS: 40, peakRssKb: 1048576, accel: 'tcg' })).toBe(
      'image build 61.3 s, cold boot to SSH 40.0 s, QEMU peak RSS 1024 MiB, accel tcg',
    );
    expect(formatBootFigures({ restoreToSshS: 3.04 })).toBe('restore to SSH 3.0 s');
  });
});
