// Child process for load-registry.ts: parses the chapters (MDX) and prints the step registry as
// JSON, then exits, so the parser's memory is never part of the long-running server.
import { register } from 'tsx/esm/api';

register();
const { loadContent } = await import('../../lib/content/index.ts');
try {
  const { registry } = await loadContent(JSON.parse(process.argv[2] ?? '[]'));
  process.stdout.write(JSON.stringify(registry));
} catch (err) {
  process.stderr.write(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
}
