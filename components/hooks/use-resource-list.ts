// useResourceList: a live Kubernetes list from /api/stream kept in TanStack Query (snapshot, then events
// applied with setQueryData, as Headlamp's useKubeObjectList does). Nothing polls.
import { skipToken, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type {
  StreamError,
  StreamObject,
  SubscriptionRequest,
  WatchEvent,
} from '../../lib/contracts/stream';
import { qualifiedResource } from '../../lib/k8s/resources';
import { sharedStreamClient, type ConnectionState, type StreamClient } from './stream-client';

export interface ResourceListParams {
  cluster: string;
  group: string;
  version: string;
  /** Plural: `pods`, `deployments`. */
  resource: string;
  namespace?: string;
  labelSelector?: string;
}

/** What the query cache holds for a list: the items once a snapshot came, and the last error. */
export interface ResourceListState<T extends StreamObject = StreamObject> {
  items?: T[];
  resourceVersion?: string;
  error?: StreamError;
}

export interface ResourceListResult<T extends StreamObject = StreamObject> {
  /** The objects; kept (possibly stale) while an error or reconnect is shown. */
  data: T[] | undefined;
  error: StreamError | undefined;
  status: 'pending' | 'success' | 'error';
  connection: ConnectionState;
}

/** The query key of a list: `[resource, cluster, namespace, labelSelector]` (resource qualified by group). */
export function resourceListKey(p: ResourceListParams): readonly string[] {
  return [
    qualifiedResource({ group: p.group, plural: p.resource }),
    p.cluster,
    p.namespace ?? '',
    p.labelSelector ?? '',
  ];
}

function objectKey(o: StreamObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/** Applies watch events to a list: ADDED/MODIFIED replace or append, DELETED removes. Pure. */
export function applyEvents<T extends StreamObject>(
  state: ResourceListState<T> | undefined,
  events: WatchEvent[],
): ResourceListState<T> | undefined {
  if (!state?.items) return state;
  const items = [...state.items];
  const index = new Map(items.map((o, i) => [objectKey(o), i]));
  let resourceVersion = state.resourceVersion;
  for (const e of events) {
    const o = e.object as T;
    const k = objectKey(o);
    const at = index.get(k);
    if (e.type === 'DELETED') {
      if (at === undefined) continue;
      items.splice(at, 1);
      index.clear();
      items.forEach((x, i) => index.set(objectKey(x), i));
    } else if (at === undefined) {
      index.set(k, items.length);
      items.push(o);
    } else {
      items[at] = o;
    }
    resourceVersion = o.metadata.resourceVersion ?? resourceVersion;
  }
  return { ...state, items, resourceVersion };
}

/**
 * The connection as the user should see it: a 5xx on the list means the console lost the cluster
 * and its watch is retrying (a snapshot follows on recovery), which is "reconnecting" too.
 */
export function listConnection(
  socket: ConnectionState,
  error: StreamError | undefined,
): ConnectionState {
  if (socket === 'open' && error !== undefined && error.code >= 500) return 'reconnecting';
  return socket;
}

interface Retained {
  refs: number;
  stop: () => void;
}

// One stream subscription per query key and QueryClient, however many components show that list.
const retained = new WeakMap<QueryClient, Map<string, Retained>>();

/**
 * Keeps the list for `p` live in the query cache until the returned release is called (ref-counted).
 * The hook's engine, usable without React.
 */
export function retainResourceList(
  queryClient: QueryClient,
  client: StreamClient,
  p: ResourceListParams,
): () => void {
  const key = resourceListKey(p);
  const id = JSON.stringify(key);
  let byKey = retained.get(queryClient);
  if (!byKey) {
    byKey = new Map();
    retained.set(queryClient, byKey);
  }
  let entry = byKey.get(id);
  if (!entry) {
    const set = (
      fn: (prev: ResourceListState | undefined) => ResourceListState | undefined,
    ): void => {
      queryClient.setQueryData<ResourceListState>(key, fn);
    };
    const req: SubscriptionRequest = {
      cluster: p.cluster,
      group: p.group,
      version: p.version,
      resource: p.resource,
      ...(p.namespace ? { namespace: p.namespace } : {}),
      ...(p.labelSelector ? { labelSelector: p.labelSelector } : {}),
    };
    const stop = client.subscribe(req, {
      snapshot: (items, resourceVersion) => set(() => ({ items, resourceVersion })),
      events: (events) => set((prev) => applyEvents(prev, events)),
      error: (error) => set((prev) => ({ ...prev, error })),
      resync: () => {
        // A snapshot follows and replaces the list.
      },
    });
    entry = { refs: 0, stop };
    byKey.set(id, entry);
  }
  entry.refs++;
  const held = entry;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.refs--;
    if (held.refs > 0) return;
    held.stop();
    if (byKey.get(id) === held) byKey.delete(id);
  };
}

/**
 * A live list of Kubernetes objects for this user: `{data, error, status, connection}`.
 * `status` is 'pending' until the first snapshot; `connection` says 'reconnecting' while the tab's
 * socket is down (data then stays as last seen, and is replaced by the next snapshot).
 */
export function useResourceList<T extends StreamObject = StreamObject>(
  params: ResourceListParams,
  options: { enabled?: boolean; client?: StreamClient } = {},
): ResourceListResult<T> {
  const queryClient = useQueryClient();
  const client = options.client ?? sharedStreamClient();
  const enabled = options.enabled ?? true;
  const { cluster, group, version, resource, namespace, labelSelector } = params;
  const p = useMemo(
    () => ({ cluster, group, version, resource, namespace, labelSelector }),
    [cluster, group, version, resource, namespace, labelSelector],
  );
  const query = useQuery<ResourceListState<T>>({
    queryKey: resourceListKey(p),
    // Filled only by the stream (setQueryData): no fetch, no polling, never stale.
    queryFn: skipToken,
    staleTime: Infinity,
  });
  useEffect(() => {
    if (!enabled) return;
    return retainResourceList(queryClient, client, p);
  }, [queryClient, client, p, enabled]);
  const connection = useSyncExternalStore(
    client.onStateChange,
    client.state,
    (): ConnectionState => 'connecting',
  );
  const data = query.data?.items;
  const error = query.data?.error;
  return {
    data,
    error,
    status: error ? 'error' : data ? 'success' : 'pending',
    connection: listConnection(connection, error),
  };
}
