// Builds a bare Next.js page (one line of JSX) with this repository's Next.js install, as the
// baseline for the first-load JS ratio.
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

export function buildBareNext(repoRoot: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'onramp-bare-next-'));
  mkdirSync(join(dir, 'app'));
  symlinkSync(resolve(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bare', private: true, type: 'module' }));
  writeFileSync(join(dir, 'next.config.mjs'), "export default { output: 'export' };\n");
  writeFileSync(
    join(dir, 'app/layout.tsx'),
    'export default function L({ children }: { children: React.ReactNode }) { return <html lang="en"><body>{children}</body></html>; }\n',
  );
  writeFileSync(join(dir, 'app/page.tsx'), 'export default function P() { return <p>hello</p>; }\n');
  execFileSync(join(repoRoot, 'node_modules/.bin/next'), ['build'], {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  return join(dir, 'out');
}
