// `npm run bench`: prints figures for every performance goal. Asserts nothing.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { firstLoadJs } from './first-load';
import { buildBareNext } from './bare-next';
import { againstTarget } from './targets';
import { measureTerminalPairs, pairLines, summaryLines } from './terminal-ratio';

const root = resolve(import.meta.dirname, '..');
const testBuild = process.env.ONRAMP_TEST_BUILD_DIR ?? join(root, '.onramp-build/test');

function print(section: string, figures: Record<string, number | string>): void {
  console.log(`\n## ${section}`);
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(52)} ${value}`);
}

async function main(): Promise<void> {
  execFileSync('bash', [join(root, 'scripts/build-app.sh'), testBuild, 'content:tests/fixtures/content'], {
    stdio: 'inherit',
  });

  const bare = firstLoadJs(buildBareNext(root), 'index.html');
  const chapters = readdirSync(join(testBuild, 'guide')).filter((f) => f.endsWith('.html'));
  const chapter = firstLoadJs(testBuild, join('guide', chapters.includes('opam.html') ? 'opam.html' : chapters[0]!));
  print('First-load JS of a chapter page vs a bare Next.js page (same build run)', {
    'bare page: bytes (gzip)': `${bare.bytes} (${bare.gzipBytes})`,
    'chapter page: bytes (gzip)': `${chapter.bytes} (${chapter.gzipBytes})`,
    'chapter / bare, raw bytes': againstTarget(chapter.bytes / bare.bytes, '<=', 1.1),
    'chapter / bare, gzip bytes': Number((chapter.gzipBytes / bare.gzipBytes).toFixed(3)),
  });

  // Pairs of (bare xterm.js in the same Chromium, then 100 MB through the server): the ratio of
  // each pair is the figure; absolute MB/s varies too much between machines to be a target.
  const runs = Number(process.env.TERMINAL_RUNS ?? 2);
  const pairs = await measureTerminalPairs(runs, (i, pair) =>
    print(
      `Terminal, run ${i + 1} of ${runs}: 100 MB through the server, then the same characters into a bare xterm.js of the same size`,
      pairLines(pair),
    ),
  );
  print(`Terminal over ${runs} runs (TERMINAL_RUNS=n for more)`, summaryLines(pairs));

  const optional: Array<[string, string, string]> = [
    ['SSH: reused connection, overhead, sync', './ssh', 'benchSsh'],
    ['onramp doctor', './doctor', 'benchDoctor'],
  ];
  for (const [title, mod, fn] of optional) {
    if (!existsSync(join(import.meta.dirname, `${mod}.ts`))) continue;
    const m = (await import(mod)) as Record<string, () => Promise<Record<string, number | string>>>;
    print(title, await m[fn]!());
  }
}

await main();
