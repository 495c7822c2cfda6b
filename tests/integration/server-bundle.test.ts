// The `onramp` command's precompiled bundle (bin/server-bundle.mjs) with the real esbuild: built on
// first use, reused while its sources are unchanged, rebuilt when one changes (or a new one is
// imported), refused (undefined: the command falls back to tsx) when it cannot be built, and with
// stack traces that name the TypeScript source. Then the real checkout: its bundle is current
// after a build, and no module in it finds files from its own path (a bundle has one path for all).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildServerBundle,
  freshServerBundle,
  manifestIsCurrent,
  SERVER_BUILD_DIR,
  SERVER_ENTRY,
} from '../../bin/server-bundle.mjs';
import { repoRoot } from '../../lib/repo-root';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A checkout-shaped folder whose command entry imports ./dep.ts, which exports `value`. */
function fakeRoot(value: string): string {
  const root = mkdtempSync(join(tmpdir(), 'onramp-bundle-'));
  roots.push(root);
  mkdirSync(join(root, 'server/cli'), { recursive: true });
  writeFileSync(join(root, SERVER_ENTRY), "export { value, fail } from './dep';\n");
  writeDep(root, value);
  return root;
}

function writeDep(root: string, value: string, extra = ''): void {
  writeFileSync(
    join(root, 'server/cli/dep.ts'),
    `${extra}export const value: string = ${JSON.stringify(value)};\n` +
      `export function fail(): never {\n  throw new Error('from dep');\n}\n`,
  );
}

let imports = 0;
/** Import a bundle afresh (a new URL each time: Node caches modules by URL). */
async function load(path: string): Promise<{ value: string }> {
  return (await import(`${pathToFileURL(path).href}?n=${(imports += 1)}`)) as { value: string };
}

const manifestOf = (root: string) => JSON.parse(readFileSync(join(root, SERVER_BUILD_DIR, 'inputs.json'), 'utf8'));

describe('the command bundle', () => {
  it('is built on first use and runs the sources it was built from', async () => {
    const root = fakeRoot('one');
    const bundle = freshServerBundle(root);
    expect(bundle).toBe(join(root, SERVER_BUILD_DIR, 'onramp.mjs'));
    expect((await load(bundle!)).value).toBe('one');
    expect(Object.keys(manifestOf(root).inputs).sort()).toEqual(['server/cli/dep.ts', 'server/cli/main.ts']);
  });

  it('is reused while no source changed, and rebuilt when one did', async () => {
    const root = fakeRoot('one');
    const bundle = freshServerBundle(root)!;
    const built = statSync(bundle).mtimeMs;
    expect(freshServerBundle(root)).toBe(bundle);
    expect(statSync(bundle).mtimeMs).toBe(built);
    writeDep(root, 'two');
    expect(manifestIsCurrent(root, manifestOf(root))).toBe(false);
    expect((await load(freshServerBundle(root)!)).value).toBe('two');
    expect(manifestIsCurrent(root, manifestOf(root))).toBe(true);
  });

  it('is rebuilt when a tsconfig changes (its compilerOptions change the output)', () => {
    const root = fakeRoot('one');
    writeFileSync(join(root, 'tsconfig.json'), '{ "compilerOptions": {} }\n');
    freshServerBundle(root);
    expect(Object.keys(manifestOf(root).inputs)).toContain('tsconfig.json');
    writeFileSync(join(root, 'tsconfig.json'), '{ "compilerOptions": { "useDefineForClassFields": false } }\n');
    expect(manifestIsCurrent(root, manifestOf(root))).toBe(false);
  });

  it('takes in a source file that a changed one now imports', async () => {
    const root = fakeRoot('one');
    freshServerBundle(root);
    writeFileSync(join(root, 'server/cli/added.ts'), "export const added = 'new file';\n");
    writeDep(root, 'three', "import { added } from './added';\nexport const also = added;\n");
    const mod = (await load(freshServerBundle(root)!)) as { value: string; also?: string };
    expect(mod.value).toBe('three');
    expect(Object.keys(manifestOf(root).inputs)).toContain('server/cli/added.ts');
  });

  it('is not current for a manifest from another recipe or with a deleted source', () => {
    const root = fakeRoot('one');
    freshServerBundle(root);
    const manifest = manifestOf(root);
    expect(manifestIsCurrent(root, manifest)).toBe(true);
    expect(manifestIsCurrent(root, { ...manifest, recipe: 0 })).toBe(false);
    expect(manifestIsCurrent(root, { ...manifest, esbuild: '0.0.1' })).toBe(false);
    expect(manifestIsCurrent(root, undefined)).toBe(false);
    rmSync(join(root, 'server/cli/dep.ts'));
    expect(manifestIsCurrent(root, manifest)).toBe(false);
  });

  it('is undefined (the command falls back to tsx) when a source does not compile or the folder cannot be written', () => {
    const broken = fakeRoot('one');
    writeFileSync(join(broken, 'server/cli/dep.ts'), 'export const value = ;\n');
    expect(freshServerBundle(broken)).toBeUndefined();
    expect(() => buildServerBundle(broken)).toThrow(/dep\.ts/);

    const blocked = fakeRoot('one');
    mkdirSync(join(blocked, '.onramp-build'));
    writeFileSync(join(blocked, SERVER_BUILD_DIR), 'a file where the build folder would go');
    expect(freshServerBundle(blocked)).toBeUndefined();
  });

  it('gives stack traces that name the TypeScript source and line', () => {
    const root = fakeRoot('one');
    const bundle = freshServerBundle(root)!;
    const script = `process.setSourceMapsEnabled(true); const m = await import(${JSON.stringify(
      pathToFileURL(bundle).href,
    )}); try { m.fail(); } catch (e) { console.log(e.stack); }`;
    const stack = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(stack).toMatch(/server\/cli\/dep\.ts:3:\d+/);
  });
});

describe("the checkout's own command bundle", () => {
  it('is current once built, and no module in it locates files from its own path', () => {
    const root = repoRoot();
    expect(readFileSync(join(root, 'package.json'), 'utf8')).toMatch(/"name": "onramp"/);
    const bundle = freshServerBundle(root);
    expect(bundle).toBe(join(root, SERVER_BUILD_DIR, 'onramp.mjs'));
    const inputs = Object.keys(manifestOf(root).inputs);
    expect(inputs).toContain(SERVER_ENTRY);
    expect(manifestIsCurrent(root, manifestOf(root))).toBe(true);
    // import.meta.url in a bundled module is the bundle's: a path found from it would be wrong.
    const fromOwnPath = inputs.filter(
      (f) =>
        f !== 'lib/repo-root.ts' && /import\.meta\.(url|dirname|filename)/.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(fromOwnPath).toEqual([]);
  });
});
