// The `onramp` command's code as one precompiled ES module (.onramp-build/server/onramp.mjs), built
// with esbuild from server/cli/main.ts and rebuilt whenever one of its sources changed. Running
// the TypeScript through tsx instead costs a loader worker thread (a second V8 isolate) and its
// compiled modules for the life of the server: `onramp serve` idles at ~110 MB RSS through tsx
// and ~78 MB from the bundle, and a 100 MB flood through it peaked at 126–172 MB against 102–109
// (`npx tsx bench/terminal-only.ts`, 2026-12-01). Plain JavaScript: it runs before any TypeScript
// loader exists.
import { buildSync, version as esbuildVersion } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the command's sources start, relative to the repository root. */
export const SERVER_ENTRY = 'server/cli/main.ts';
/** The build's folder, relative to the repository root (git-ignored, with the app's builds). */
export const SERVER_BUILD_DIR = '.onramp-build/server';
/** Files esbuild reads for its options rather than as inputs (tsconfig's compilerOptions change the output). */
const SETTINGS = ['tsconfig.json', 'server/tsconfig.json'];
const BUNDLE = 'onramp.mjs';
const MANIFEST = 'inputs.json';
/** Changes when the build options below change, so an older bundle is never taken for current. */
const RECIPE = 2;

/** SHA-256 of a file's bytes (hex); undefined when it cannot be read (deleted, renamed). */
function digest(file) {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * True when `manifest` (the parsed inputs.json) describes a bundle built by this recipe and
 * esbuild from exactly the sources now under `root`: every input it lists still has the hash
 * recorded. A new source file can only enter the bundle through an import in a listed one, whose
 * hash then differs.
 */
export function manifestIsCurrent(root, manifest) {
  if (manifest?.recipe !== RECIPE || manifest.esbuild !== esbuildVersion) return false;
  const inputs = Object.entries(manifest.inputs ?? {});
  return inputs.length > 0 && inputs.every(([file, hash]) => digest(join(root, file)) === hash);
}

/** Write `text` to `file` through a temporary name and a rename, so no reader sees half a file. */
function writeAtomically(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Build the bundle of SERVER_ENTRY under `root` into SERVER_BUILD_DIR: the module, its source map
 * (stack traces name the TypeScript files and lines) and inputs.json (the SHA-256 of each source
 * and of the tsconfig files that exist).
 * Packages stay external: they load from node_modules as before, native ones (node-pty) included.
 * Throws esbuild's error for a source that does not compile, or the file system's.
 */
export function buildServerBundle(root) {
  const dir = join(root, SERVER_BUILD_DIR);
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [SERVER_ENTRY],
    outfile: join(dir, BUNDLE),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const files = [...Object.keys(result.metafile.inputs), ...SETTINGS.filter((f) => existsSync(join(root, f)))];
  const inputs = Object.fromEntries(files.map((f) => [f, digest(join(root, f))]));
  mkdirSync(dir, { recursive: true });
  // The map before the module, the manifest last: a reader that finds the manifest current finds both.
  const outputs = [...result.outputFiles].sort(
    (a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')),
  );
  for (const out of outputs) writeAtomically(out.path, out.contents);
  writeAtomically(join(dir, MANIFEST), JSON.stringify({ recipe: RECIPE, esbuild: esbuildVersion, inputs }, null, 1));
  return join(dir, BUNDLE);
}

/**
 * The path of a bundle of the command that matches the sources under `root`, building it first
 * when there is none or a source changed (~0.3 s); undefined when it cannot be built here (the
 * folder is not writable by this user, or a source does not compile): the caller then runs the
 * TypeScript sources through tsx, which reports a compile error in its own words.
 */
export function freshServerBundle(root) {
  const dir = join(root, SERVER_BUILD_DIR);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (manifestIsCurrent(root, manifest)) return join(dir, BUNDLE);
  try {
    return buildServerBundle(root);
  } catch {
    return undefined;
  }
}
