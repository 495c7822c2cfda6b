// Where a reader sets up dom0: the Settings page, the one place with the form (newcomer trial:
// three different places were named, one of them a dashboard without such a form).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const chapter = (name: string) => readFileSync(join(__dirname, '../../content', name), 'utf8');

describe('the chapters send the reader to Settings to set dom0', () => {
  it.each(['dom0-vm.mdx', 'troubleshooting.mdx'])('%s names Settings, never the Setup dashboard, for it', (name) => {
    const text = chapter(name);
    expect(text).not.toMatch(/Setup dashboard/);
    expect(text).toContain('[Settings](/settings) page');
  });

  it("the ssh-copy-id step's hand-done text names the Settings page", () => {
    expect(chapter('dom0-vm.mdx')).toMatch(
      /<Step id="dom0-ssh-copy-id"[^>]*manual="[^"]*on the Settings page \(\/settings\)/,
    );
  });
});
