// Live pods of several namespaces at once (an environment of a per-app project spans several): one
// stream subscription per namespace, merged, with the first error and the connection state.
import { skipToken, useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { StreamError, StreamObject } from '../../lib/contracts/stream';
import { sharedStreamClient, type ConnectionState } from '../hooks/stream-client';
import {
  listConnection,
  resourceListKey,
  retainResourceList,
  type ResourceListParams,
  type ResourceListState,
} from '../hooks/use-resource-list';

export interface PodSource {
  cluster: string;
  namespace: string;
}

export interface PodListsResult {
  /** Every pod of every source once each has a snapshot (or failed); undefined before. */
  pods: StreamObject[] | undefined;
  /** Sources whose list failed, with why. */
  errors: { source: PodSource; error: StreamError }[];
  status: 'pending' | 'success' | 'error';
  connection: ConnectionState;
}

function podParams(s: PodSource): ResourceListParams {
  return { cluster: s.cluster, group: '', version: 'v1', resource: 'pods', namespace: s.namespace };
}

interface Merged {
  pods: StreamObject[] | undefined;
  errors: (StreamError | undefined)[];
}

// Module-level, so TanStack Query keeps the merged result while no list changed (rows are not
// recomputed on renders that changed nothing).
function mergeLists(results: { data: unknown }[]): Merged {
  const states = results.map((r) => r.data as ResourceListState | undefined);
  // A list that failed before its first snapshot counts as empty, so the others still show.
  const complete = states.every((s) => s?.items !== undefined || s?.error !== undefined);
  return {
    pods: complete ? states.flatMap((s) => s?.items ?? []) : undefined,
    errors: states.map((s) => s?.error),
  };
}

export function usePodLists(sources: readonly PodSource[]): PodListsResult {
  const queryClient = useQueryClient();
  const client = sharedStreamClient();
  // A stable identity for the set of sources, whatever array the caller passes.
  const id = sources.map((s) => `${s.cluster}/${s.namespace}`).join(',');
  const params = useMemo(
    () =>
      id === ''
        ? []
        : id.split(',').map((pair) => {
            const slash = pair.indexOf('/');
            return podParams({ cluster: pair.slice(0, slash), namespace: pair.slice(slash + 1) });
          }),
    [id],
  );

  const combined = useQueries({
    queries: params.map((p) => ({
      queryKey: resourceListKey(p),
      // Filled only by the stream (setQueryData): no fetch, no polling, never stale.
      queryFn: skipToken,
      staleTime: Infinity,
    })),
    combine: mergeLists,
  });

  useEffect(() => {
    const releases = params.map((p) => retainResourceList(queryClient, client, p));
    return () => {
      for (const release of releases) release();
    };
  }, [queryClient, client, params]);

  const socket = useSyncExternalStore(
    client.onStateChange,
    client.state,
    (): ConnectionState => 'connecting',
  );

  const errors = combined.errors.flatMap((error, i) => {
    const p = params[i];
    return error && p
      ? [{ source: { cluster: p.cluster, namespace: p.namespace ?? '' }, error }]
      : [];
  });
  const pods = combined.pods;
  return {
    pods,
    errors,
    status:
      errors.length > 0 && errors.length === params.length ? 'error' : pods ? 'success' : 'pending',
    connection: listConnection(socket, errors[0]?.error),
  };
}
