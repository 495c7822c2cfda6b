// The checks' fix links and chapters point at real places in the guide's content.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../protocol/check-catalog';
import { GUIDE_ANCHORS } from '../../server/checks/outcome';

const CONTENT = resolve(import.meta.dirname, '../../content');

function headingSlugs(file: string): string[] {
  const slugger = new GithubSlugger();
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => slugger.slug(line.replace(/^#+ /, '').trim()));
}

describe('guide links of the checks', () => {
  const slugs = headingSlugs(join(CONTENT, 'troubleshooting.mdx'));

  it.each(GUIDE_ANCHORS.map((a) => [a]))('/guide/troubleshooting#%s exists', (anchor) => {
    expect(slugs).toContain(anchor);
  });

  it.each(Object.entries(CHECKS).map(([id, meta]) => [id, meta.chapter]))(
    '%s belongs to the chapter content/%s.mdx',
    (_id, chapter) => {
      expect(existsSync(join(CONTENT, `${chapter}.mdx`))).toBe(true);
    },
  );
});
