// The lint set (eslint.config.mjs) holds the boundaries docs/ARCHITECTURE.md draws: each row imports
// across a layer and must be refused, or stays inside the rules and must pass. Probes are .mjs (no type
// information needed), so this runs in seconds; the type-aware promise rules run on the tree itself.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function rulesHit(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const REFUSED: ReadonlyArray<readonly [string, string]> = [
  ['server/probe.mjs', '../components/theme'],
  ['server/socket/probe.mjs', '../../app/layout'],
  ['protocol/probe.mjs', '../server/app-server'],
  ['protocol/probe.mjs', '../lib/lifecycle'],
  ['lib/probe.mjs', '../server/app-server'],
  ['components/probe.mjs', '@/server/app-server'],
  ['server/auth/probe.mjs', '../config/paths'],
  ['server/auth/probe.mjs', '../steps/step-catalog'],
  ['server/steps/probe.mjs', '../runners/types'],
  ['server/steps/probe.mjs', '../checks/engine'],
  ['server/runners/probe.mjs', '../checks/engine'],
  ['server/runners/probe.mjs', '../runs/live-run'],
  ['server/runners/probe.mjs', '../socket/onramp-socket'],
];

const ALLOWED: ReadonlyArray<readonly [string, string]> = [
  ['server/auth/probe.mjs', '../../protocol/ids'],
  ['server/auth/probe.mjs', './token'],
  ['server/steps/probe.mjs', '../auth/token'],
  ['server/runners/probe.mjs', '../ssh/connection-pool'],
  ['server/checks/probe.mjs', '../runners/types'],
  ['components/probe.mjs', '@/protocol/ids'],
];

describe('lint: import boundaries', () => {
  it.each(REFUSED)('%s may not import %s', async (file, from) => {
    expect(await rulesHit(file, `import { x } from '${from}';\nexport const y = x;\n`)).toEqual([
      'import-x/no-restricted-paths',
    ]);
  });

  it.each(ALLOWED)('%s may import %s', async (file, from) => {
    expect(await rulesHit(file, `import { x } from '${from}';\nexport const y = x;\n`)).toEqual([]);
  });
});

describe('lint: import cycles', () => {
  it('reports a cycle between two modules', async () => {
    // tests/fixtures is outside the lint set, so the fixture is linted with ignores switched off.
    const unignored = new ESLint({ cwd: process.cwd(), ignore: false });
    const [result] = await unignored.lintFiles(['tests/fixtures/lint/cycle/a.mjs']);
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['import-x/no-cycle']);
  });
});
