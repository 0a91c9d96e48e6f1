// The first screenful of a namespace's pods, rendered with the page so rows show before the
// stream's snapshot (20 MB at 10,000 pods) has arrived and been parsed. Server only. Served from the
// shared watch cache exactly as the stream would: only after the API server says the user may list
// and watch pods there, and only when the cache already holds the list (never waits for it; a cold
// cache starts filling now, a second earlier than the browser's subscription would start it).
import type { StreamObject } from '../../lib/contracts/stream';
import type { Identity } from '../kube/transport';
import type { WharfContext } from '../context';
import { authorizeCollection } from '../stream/authorize';

/** How many rows are rendered with the page: more than a tall screen shows. */
export const FIRST_ROWS = 40;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export async function firstPods(
  ctx: WharfContext,
  who: Identity,
  cluster: string,
  namespace: string,
): Promise<StreamObject[] | undefined> {
  const denied = await authorizeCollection(ctx.access, cluster, who, {
    group: '',
    resource: 'pods',
    namespace,
  }).catch(() => 'failed');
  if (denied !== null) return undefined;
  const key = { cluster, apiPath: '/api/v1', plural: 'pods', namespace };
  const items = ctx.cache.peek(key);
  if (!items) {
    ctx.cache.list(key).catch(() => undefined);
    return undefined;
  }
  // The pod list's default order (name, natural), so the live rows replace these in place.
  return [...items]
    .sort((a, b) => collator.compare(a.metadata.name ?? '', b.metadata.name ?? ''))
    .slice(0, FIRST_ROWS) as StreamObject[];
}
