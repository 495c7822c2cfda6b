// Set up the VBoxManage STAND-IN for a test: bundle it once with esbuild (starting tsx for
// every call would be slow), write a `VBoxManage` wrapper script, and read back its world.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { readJson, writeJson, emptyWorld, type StandinConfig, type StandinWorld } from './vboxmanage-standin-world';

export interface Standin {
  /** The wrapper named VBoxManage: pass as the driver's VBoxManage path or put its dir first on PATH. */
  readonly path: string;
  readonly dir: string;
  calls(): string[][];
  world(): StandinWorld;
  configure(change: (c: StandinConfig) => void): void;
  cleanup(): void;
}

export const defaultStandinConfig = (): StandinConfig => ({
  version: '7.0.14r161095',
  platform: 'linux',
  networksConf: null,
  hostInterfaces: [],
  listDelayMs: 0,
  acpiStops: true,
  faults: [],
});

export function makeStandin(config: Partial<StandinConfig> = {}): Standin {
  const dir = mkdtempSync(join(tmpdir(), 'vboxmanage-standin-'));
  const script = join(dir, 'standin.mjs');
  buildSync({
    entryPoints: [fileURLToPath(new URL('./vboxmanage-standin.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
  });
  const path = join(dir, 'VBoxManage');
  writeFileSync(path, `#!/bin/sh\nVBOXMANAGE_STANDIN_DIR='${dir}' exec '${process.execPath}' '${script}' "$@"\n`);
  chmodSync(path, 0o755);
  writeJson(dir, 'config.json', { ...defaultStandinConfig(), ...config });
  return {
    path,
    dir,
    calls: () =>
      existsSync(join(dir, 'calls.jsonl'))
        ? readFileSync(join(dir, 'calls.jsonl'), 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as string[])
        : [],
    world: () => readJson(dir, 'state.json', emptyWorld()),
    configure(change) {
      const c = readJson<StandinConfig>(dir, 'config.json', defaultStandinConfig());
      change(c);
      writeJson(dir, 'config.json', c);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
