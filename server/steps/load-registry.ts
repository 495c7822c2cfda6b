// The step registry from the content dirs, parsed in a short-lived child process: the MDX
// toolchain costs ~70 MB of RSS that the server would otherwise keep for its whole life.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../lib/repo-root';
import type { StepRegistry } from '../../protocol/steps';

// Found from the checkout's root, not from this module: the `onramp` command runs a bundle of it.
const CHILD = join(repoRoot(), 'server', 'steps', 'registry-child.mjs');

export function loadRegistryInChild(dirs: readonly string[]): Promise<StepRegistry> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(dirs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(stderr.trim() || `the content loader exited with code ${code}`));
      try {
        resolve(JSON.parse(stdout) as StepRegistry);
      } catch (err) {
        reject(new Error(`the content loader printed something that is not a registry: ${String(err)}`));
      }
    });
  });
}
