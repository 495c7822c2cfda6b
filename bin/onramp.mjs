#!/usr/bin/env -S node --max-semi-space-size=2
// Entry point of the `onramp` command. It runs the command's precompiled bundle
// (bin/server-bundle.mjs: built from the TypeScript sources on first use and after any of them
// changes), or the TypeScript sources through tsx when no bundle can be built here (a folder
// this user may not write, a source that does not compile: tsx then reports it).
// --max-semi-space-size=2 (MB; V8's default grows to 16): output streamed through `serve` stays
// in the young generation briefly, and a 100 MB flood peaks ~40 MB lower in RSS at no measured CPU
// cost. The flag only applies when this file runs as a command (`onramp`, npm start); a
// `node bin/onramp.mjs` started by hand should pass it too (V8 reads it before any code runs).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshServerBundle } from './server-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = freshServerBundle(root);
let main;
if (bundle) {
  // Stack traces name the TypeScript sources (the bundle's source map), as they did under tsx.
  process.setSourceMapsEnabled(true);
  main = pathToFileURL(bundle).href;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  main = pathToFileURL(fileURLToPath(new URL('../server/cli/main.ts', import.meta.url))).href;
}
const { run } = await import(main);
process.exitCode = await run(process.argv.slice(2));
