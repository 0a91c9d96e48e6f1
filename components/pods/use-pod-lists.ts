// Live lists of several namespaces at once (an environment of a per-app project spans several): one
// stream subscription per namespace, merged, with the errors and the connection state. Pods are the
// common case; dashboards merge deployments, services, events… the same way.
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

/** Which resource to list in every source (`labelSelector` narrows it to one app). */
export interface ListKind {
  group: string;
  version: string;
  resource: string;
  labelSelector?: string;
}

export interface MergedListsResult {
  /** Every object of every source once each has a snapshot (or failed); undefined before. */
  items: StreamObject[] | undefined;
  /** Sources whose list failed, with why. */
  errors: { source: PodSource; error: StreamError }[];
  status: 'pending' | 'success' | 'error';
  connection: ConnectionState;
}

export const POD_LIST: ListKind = { group: '', version: 'v1', resource: 'pods' };

interface Merged {
  items: StreamObject[] | undefined;
  errors: (StreamError | undefined)[];
}

// Module-level, so TanStack Query keeps the merged result while no list changed (rows are not
// recomputed on renders that changed nothing).
function mergeLists(results: { data: unknown }[]): Merged {
  const states = results.map((r) => r.data as ResourceListState | undefined);
  // A list that failed before its first snapshot counts as empty, so the others still show.
  const complete = states.every((s) => s?.items !== undefined || s?.error !== undefined);
  return {
    items: complete ? states.flatMap((s) => s?.items ?? []) : undefined,
    errors: states.map((s) => s?.error),
  };
}

export function useMergedLists(sources: readonly PodSource[], kind: ListKind): MergedListsResult {
  const queryClient = useQueryClient();
  const client = sharedStreamClient();
  // A stable identity for the set of sources, whatever array the caller passes.
  const id = sources.map((s) => `${s.cluster}/${s.namespace}`).join(',');
  const { group, version, resource, labelSelector } = kind;
  const params = useMemo(
    (): ResourceListParams[] =>
      id === ''
        ? []
        : id.split(',').map((pair) => {
            const slash = pair.indexOf('/');
            return {
              cluster: pair.slice(0, slash),
              namespace: pair.slice(slash + 1),
              group,
              version,
              resource,
              ...(labelSelector ? { labelSelector } : {}),
            };
          }),
    [id, group, version, resource, labelSelector],
  );

  const combined = useQueries({
    queries: params.map((p) => ({
      queryKey: resourceListKey(p),
      // Filled only by the stream (setQueryData): no fetch, no polling, never stale.
      queryFn: skipToken,
      staleTime: Infinity,
      // Every watch event replaces the list: comparing 10,000 objects deeply each time is wasted work.
      structuralSharing: false,
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
  const items = combined.items;
  return {
    items,
    errors,
    status:
      errors.length > 0 && errors.length === params.length
        ? 'error'
        : items
          ? 'success'
          : 'pending',
    connection: listConnection(socket, errors[0]?.error),
  };
}
