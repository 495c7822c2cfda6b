// Only the terminal benchmark: `RUNS` pairs (default 3) of the bare xterm.js ceiling and 100 MB
// through the server into the browser terminal, each with its ratio, then the spread.
// `npx tsx bench/terminal-only.ts`. Builds the test app first if its sources changed.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { measureTerminalPairs, pairLines, summaryLines } from './terminal-ratio';

const root = resolve(import.meta.dirname, '..');
const testBuild = process.env.ONRAMP_TEST_BUILD_DIR ?? join(root, '.onramp-build/test');
execFileSync('bash', [join(root, 'scripts/build-app.sh'), testBuild, 'content:tests/fixtures/content'], {
  stdio: 'inherit',
});

const print = (title: string, lines: Record<string, number | string>) => {
  console.log(`\n## ${title}`);
  for (const [name, value] of Object.entries(lines)) console.log(`${name.padEnd(52)} ${value}`);
};
const runs = Number(process.env.RUNS ?? 3);
const pairs = await measureTerminalPairs(runs, (i, pair) =>
  print(`run ${i + 1} of ${runs}: 100 MB through the server, then the bare xterm.js ceiling`, pairLines(pair)),
);
print(`terminal over ${runs} runs`, summaryLines(pairs));
