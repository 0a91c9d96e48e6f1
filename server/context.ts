// The BFF's process-wide state: cluster connections, the shared watch cache and the access reviewer.
// Kept on globalThis because Next bundles route handlers separately from server/main.ts, and both must
// share one watch cache (one upstream watch per collection for the whole process).
import { AccessReviewer } from './kube/access';
import {
  clustersFromKubeconfig,
  clustersFromSimulator,
  clustersInCluster,
  type ClusterConnection,
  type ClusterSource,
} from './kube/clusters';
import { WatchCache } from './kube/watch-cache';

export interface WharfContext {
  clusters: ReadonlyMap<string, ClusterConnection>;
  cache: WatchCache;
  access: AccessReviewer;
}

const KEY = Symbol.for('wharf.context');
type Holder = { [KEY]?: WharfContext };

const RBAC_KINDS = ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'];

/** Reads where clusters come from (set by server/main.ts) from the environment. */
function sourceFromEnv(): ClusterSource {
  const kind = process.env.WHARF_CLUSTER_SOURCE;
  if (kind === 'embedded') return { kind: 'embedded' };
  if (kind === 'in-cluster') return { kind: 'in-cluster' };
  const contexts = process.env.WHARF_CONTEXTS?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  return { kind: 'kubeconfig', file: process.env.KUBECONFIG ?? '', contexts };
}

function connect(source: ClusterSource): ClusterConnection[] {
  if (source.kind === 'in-cluster') return clustersInCluster();
  if (source.kind === 'embedded') return clustersFromSimulator(process.env.KUBECONFIG ?? '');
  return clustersFromKubeconfig(source.file, source.contexts);
}

/** The process's context, created on first use from the environment server/main.ts prepared. */
export function wharf(): WharfContext {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const clusters = new Map(connect(sourceFromEnv()).map((c) => [c.name, c]));
    const cache = new WatchCache(clusters);
    const access = new AccessReviewer(clusters);
    // Any RBAC change may change any answer: drop them all (rule 2).
    for (const cluster of clusters.keys()) {
      for (const plural of RBAC_KINDS) {
        cache.subscribe({ cluster, apiPath: '/apis/rbac.authorization.k8s.io/v1', plural }, (e) => {
          if (e.type !== 'ERROR') access.invalidate();
        });
      }
    }
    holder[KEY] = { clusters, cache, access };
  }
  return holder[KEY];
}
