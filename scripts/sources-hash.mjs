// Prints a sha256 over every file the static app is built from (and the given content dirs),
// so a build can be skipped when nothing changed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const roots = [
  'app',
  'components',
  'lib',
  'protocol',
  'next.config.ts',
  'package-lock.json',
  'tsconfig.json',
  ...process.argv.slice(2),
];
const hash = createHash('sha256');
function walk(path) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) walk(join(path, name));
  } else {
    hash.update(path + '\0');
    hash.update(readFileSync(path));
  }
}
for (const root of roots) walk(root);
console.log(hash.digest('hex'));
