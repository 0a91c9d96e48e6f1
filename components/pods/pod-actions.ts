// What the pod list does to pods: may-I checks per namespace (to disable with the reason), and the
// calls themselves (restart is a delete its ReplicaSet answers with a new pod).
import { useMemo } from 'react';
import type { AccessCheck } from '../../lib/contracts/access';
import { useCan } from '../hooks/use-can';
import type { PodSource } from './use-pod-lists';

/** Whether the user may do each pod action in one namespace; undefined while asking. */
export interface PodPermissions {
  delete?: boolean;
  exec?: boolean;
  logs?: boolean;
}

const ACTIONS = [
  ['delete', { verb: 'delete', resource: 'pods' }],
  ['exec', { verb: 'create', resource: 'pods', subresource: 'exec' }],
  ['logs', { verb: 'get', resource: 'pods', subresource: 'log' }],
] as const;

/** `namespace` → what the user may do there, asked once for every source. */
export function usePodPermissions(
  sources: readonly PodSource[],
): ReadonlyMap<string, PodPermissions> {
  const checks = useMemo(
    () =>
      sources.flatMap((s) =>
        ACTIONS.map(([, a]): AccessCheck => ({ cluster: s.cluster, namespace: s.namespace, ...a })),
      ),
    [sources],
  );
  const answers = useCan(checks);
  return useMemo(
    () =>
      new Map(
        sources.map((s, i) => [
          s.namespace,
          Object.fromEntries(
            ACTIONS.map(([key], j) => [key, answers?.[i * ACTIONS.length + j]]),
          ) as PodPermissions,
        ]),
      ),
    [sources, answers],
  );
}

export function podApiPath(cluster: string, namespace: string, pod: string): string {
  return `/api/clusters/${encodeURIComponent(cluster)}/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`;
}

/** Why a BFF call failed, in the Status' words. */
async function failureMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { message?: string };
    if (body.message) return body.message;
  } catch {
    // not a Status
  }
  return `HTTP ${res.status}`;
}

/** Deletes one pod as the user; throws with the API server's reason in words. */
export async function deletePod(cluster: string, namespace: string, pod: string): Promise<void> {
  const res = await fetch(podApiPath(cluster, namespace, pod), { method: 'DELETE' });
  if (!res.ok) throw new Error(await failureMessage(res));
}

/** One pod as YAML, as the user may read it. */
export async function podYaml(cluster: string, namespace: string, pod: string): Promise<string> {
  const res = await fetch(`${podApiPath(cluster, namespace, pod)}?format=yaml`);
  if (!res.ok) throw new Error(await failureMessage(res));
  return res.text();
}
