#!/usr/bin/env -S node --max-semi-space-size=2
// Entry point of the `onramp` command: runs the TypeScript sources through tsx.
// --max-semi-space-size=2 (MB; V8's default grows to 16): output streamed through `serve` stays
// in the young generation briefly, and a 100 MB flood peaks ~40 MB lower in RSS at no measured CPU
// cost. The flag only applies when this file runs as a command (`onramp`, npm start); a
// `node bin/onramp.mjs` started by hand should pass it too (V8 reads it before any code runs).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const main = fileURLToPath(new URL('../server/cli/main.ts', import.meta.url));
const { run } = await import(main);
process.exitCode = await run(process.argv.slice(2));
