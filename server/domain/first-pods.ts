// The first screenful of a namespace's pods, rendered with the page so rows show before the
// stream's snapshot (20 MB at 10,000 pods) has arrived and been parsed. Server only. Given only
// after the API server says the user may list and watch pods there, as the stream would. A warm
// shared watch cache answers at once; for a cold one, one page of the list (`limit`, as the user)
// gives the first rows, which the API server answers in milliseconds however large the namespace,
// and the cache starts filling (a second earlier than the browser's subscription would start it).
import type { StreamObject } from '../../lib/contracts/stream';
import type { WharfContext } from '../context';
import { kubeJson, type Identity } from '../kube/transport';
import { authorizeCollection } from '../stream/authorize';

/** How many rows are rendered with the page: more than a tall screen shows. */
export const FIRST_ROWS = 40;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

async function firstPage(
  ctx: WharfContext,
  who: Identity,
  cluster: string,
  namespace: string,
): Promise<StreamObject[] | undefined> {
  const conn = ctx.clusters.get(cluster);
  if (!conn) return undefined;
  const list = await kubeJson<{ items?: StreamObject[] }>(conn, {
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
    query: { limit: FIRST_ROWS },
    as: who,
  }).catch(() => undefined);
  return list?.items;
}

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
  let items: readonly StreamObject[] | undefined = ctx.cache.peek(key) as
    StreamObject[] | undefined;
  if (!items) {
    // The page first: the API server would answer it only after the whole list if asked second.
    items = await firstPage(ctx, who, cluster, namespace);
    ctx.cache.list(key).catch(() => undefined);
  }
  // The pod list's default order (name, natural), so the live rows replace these in place.
  return items
    ? [...items]
        .sort((a, b) => collator.compare(a.metadata.name ?? '', b.metadata.name ?? ''))
        .slice(0, FIRST_ROWS)
    : undefined;
}
