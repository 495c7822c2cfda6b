import type { Metadata } from 'next';
import { CHECKS } from '@/protocol/check-catalog';
import { catalogueEntries } from '@/protocol/checks-api';
import { Dashboard } from '@/components/dashboard/dashboard';
import { STATIC_MODE } from '@/components/static-mode';
import { siteContent } from '../_lib/site-content';

export const metadata: Metadata = {
  title: 'Setup dashboard',
  description: 'Every check of the guide by stage: what passes on this machine, what does not, and how to fix it.',
};

export default async function SetupPage() {
  const entries = catalogueEntries(CHECKS);
  const { chapters } = await siteContent();
  // Only the chapters a check links to: the titles are sent to the page's script.
  const linked = new Set(entries.map((e) => e.chapter));
  const chapterTitles = Object.fromEntries(chapters.filter((c) => linked.has(c.slug)).map((c) => [c.slug, c.title]));
  return (
    <main id="main" className="setup">
      <h1>Setup dashboard</h1>
      <p className="lede">
        Every stage of the guide has checks. Run them all to see where your setup stands; a check that does not pass
        says what it found, what it expected, and how to fix it.
      </p>
      <Dashboard entries={entries} chapterTitles={chapterTitles} staticMode={STATIC_MODE} />
    </main>
  );
}
