import { buildSearchIndex } from '@/components/search/search-index';
import { siteContent } from '../_lib/site-content';

export const dynamic = 'force-static';

export async function GET(): Promise<Response> {
  const { chapters } = await siteContent();
  return Response.json(buildSearchIndex(chapters));
}
