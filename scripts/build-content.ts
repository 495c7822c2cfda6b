// `npm run content` (and the first half of `npm run build`): load and check every chapter,
// print one line per chapter, and fail with `file:line:column: message` on a content error.
import { ContentError, contentDirs, loadContent } from '../lib/content/index';
import { errorMessage } from '../protocol/result';
import { contentSummaryLine } from '../lib/content/content-summary';

async function main(): Promise<number> {
  const dirs = contentDirs();
  try {
    const { chapters, registry } = await loadContent(dirs);
    for (const c of chapters) {
      console.log(
        `${c.slug.padEnd(16)} ${String(c.steps.length).padStart(3)} steps ${String(c.checks.length).padStart(3)} checks  ${c.file}`,
      );
    }
    console.log(contentSummaryLine(chapters.length, registry));
    return 0;
  } catch (err) {
    if (err instanceof ContentError) {
      console.error(err.message);
      return 1;
    }
    console.error(`content: ${errorMessage(err)}`);
    return 1;
  }
}

process.exitCode = await main();
