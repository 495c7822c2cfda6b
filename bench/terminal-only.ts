// Only the terminal benchmark (100 MB through the server into xterm), `RUNS` times (default 1):
// `npx tsx bench/terminal-only.ts`. Builds the test app first if its sources changed.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { benchTerminalThroughput } from './terminal-throughput';

const root = resolve(import.meta.dirname, '..');
const testBuild = process.env.ONRAMP_TEST_BUILD_DIR ?? join(root, '.onramp-build/test');
execFileSync('bash', [join(root, 'scripts/build-app.sh'), testBuild, 'content:tests/fixtures/content'], {
  stdio: 'inherit',
});

const runs = Number(process.env.RUNS ?? 1);
for (let i = 1; i <= runs; i++) {
  console.log(`\n## run ${i} of ${runs}: 100 MB through the server into the browser terminal`);
  for (const [name, value] of Object.entries(await benchTerminalThroughput(process.env.STEP ?? 'flood'))) {
    console.log(`${name.padEnd(48)} ${value}`);
  }
}
