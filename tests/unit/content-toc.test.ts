// Table of contents: h2 and h3 only, github-slugger ids counted over every heading in order.
import { describe, expect, it } from 'vitest';
import { extractChapter } from '../../lib/content/index';

const FRONT = '---\ntitle: T\norder: 1\nstage: intro\nsummary: S\n---\n\n';
const toc = (body: string) => extractChapter('content/t.mdx', FRONT + body).toc;

describe('table of contents', () => {
  it('lists h2 and h3 with their text and slug ids', () => {
    expect(toc('# Top\n\n## Install opam\n\n### Debian & Ubuntu\n\n#### Too deep\n')).toEqual([
      { depth: 2, id: 'install-opam', text: 'Install opam' },
      { depth: 3, id: 'debian--ubuntu', text: 'Debian & Ubuntu' },
    ]);
  });

  it('uses the plain text of inline code and emphasis', () => {
    expect(toc('## Run `eval $(opam env)` *now*\n')).toEqual([
      { depth: 2, id: 'run-eval-opam-env-now', text: 'Run eval $(opam env) now' },
    ]);
  });

  it('numbers repeated headings, counting the h1 and deeper levels too', () => {
    expect(toc('# Setup\n\n## Setup\n\n#### Check\n\n### Check\n').map((e) => e.id)).toEqual(['setup-1', 'check-1']);
  });

  it('finds headings inside components', () => {
    expect(toc('<Tabs>\n<Tab label="Linux">\n\n## On Linux\n\n</Tab>\n</Tabs>\n').map((e) => e.id)).toEqual([
      'on-linux',
    ]);
  });

  it('takes the slug from the file name', () => {
    expect(extractChapter('tests/fixtures/content/playground.mdx', FRONT).slug).toBe('playground');
  });
});
