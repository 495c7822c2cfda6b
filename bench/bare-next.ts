// Builds a bare Next.js page (one line of JSX) with this repository's Next.js install, as the
// baseline for the first-load JS ratio. It lives inside the repository (under .onramp-build/)
// because Turbopack resolves `next` only inside the workspace root.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export function buildBareNext(repoRoot: string): string {
  const dir = join(repoRoot, '.onramp-build/bare-next');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'app'), { recursive: true });
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
