// The app's Deployment, ReplicaSets and pods, live (one subscription each, shared by every deploy
// component on the page through the query cache).
import type { KubeItem } from '../../lib/apps/rollout';
import { NAME_LABEL } from '../../lib/apps/app-model';
import type { StreamError } from '../../lib/contracts/stream';
import { useResourceList } from '../hooks/use-resource-list';
import type { AppRef } from './app-ref';

export interface AppObjects {
  deployment: KubeItem | undefined;
  replicaSets: KubeItem[];
  pods: KubeItem[];
  /** Until every list has its first snapshot. */
  loading: boolean;
  error: StreamError | undefined;
}

export function useAppObjects(ref: AppRef): AppObjects {
  const common = {
    cluster: ref.cluster,
    namespace: ref.namespace,
    labelSelector: `${NAME_LABEL}=${ref.app}`,
  };
  const d = useResourceList({ ...common, group: 'apps', version: 'v1', resource: 'deployments' });
  const rs = useResourceList({ ...common, group: 'apps', version: 'v1', resource: 'replicasets' });
  const pods = useResourceList({ ...common, group: '', version: 'v1', resource: 'pods' });
  return {
    deployment: (d.data as KubeItem[] | undefined)?.find((o) => o.metadata.name === ref.app),
    replicaSets: (rs.data ?? []) as KubeItem[],
    pods: (pods.data ?? []) as KubeItem[],
    loading: d.status === 'pending' || rs.status === 'pending' || pods.status === 'pending',
    error: d.error ?? rs.error ?? pods.error,
  };
}

/** The access checks for acting on the app's Deployment with `verb` (and a subresource). */
export function deploymentCheck(
  ref: AppRef,
  verb: 'patch' | 'update' | 'delete',
  subresource?: string,
) {
  return {
    cluster: ref.cluster,
    namespace: ref.namespace,
    group: 'apps',
    resource: 'deployments',
    verb,
    name: ref.app,
    ...(subresource ? { subresource } : {}),
  };
}
