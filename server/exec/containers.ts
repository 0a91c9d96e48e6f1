// Which containers of a pod a terminal can open, read as the user: the page's container picker and the
// default when the browser names none (kubectl's `kubectl.kubernetes.io/default-container`, else the first).
import type { ClusterConnection } from '../kube/clusters';
import { kubeJson, type Identity } from '../kube/transport';

export interface PodContainers {
  /** Regular containers in spec order (init and ephemeral containers are not exec targets here). */
  containers: string[];
  /** The container kubectl would pick. */
  defaultContainer: string;
}

interface PodShape {
  metadata?: { annotations?: Record<string, string> };
  spec?: { containers?: { name: string }[] };
}

/** The pod's containers; throws KubeError with the API server's Status (404, 403) when it cannot be read. */
export async function podContainers(
  cluster: ClusterConnection,
  namespace: string,
  pod: string,
  as: Identity,
): Promise<PodContainers> {
  const obj = await kubeJson<PodShape>(cluster, {
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`,
    as,
  });
  const containers = (obj.spec?.containers ?? []).map((c) => c.name);
  const annotated = obj.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  const defaultContainer =
    annotated && containers.includes(annotated) ? annotated : (containers[0] ?? '');
  return { containers, defaultContainer };
}
