// The cluster switcher's scope: the cookie that remembers it and what it leaves of a project list.
import type { Project } from '../../lib/contracts/projects';

/** Remembers the cluster the user narrowed the console to; absent means all clusters. */
export const CLUSTER_COOKIE = 'wharf-cluster';

/** The cookie line for a scope (`undefined` clears it). */
export function clusterCookie(cluster: string | undefined): string {
  return cluster === undefined
    ? `${CLUSTER_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`
    : `${CLUSTER_COOKIE}=${encodeURIComponent(cluster)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

/** Projects with only their environments on `cluster` (those with none there dropped); all without one. */
export function projectsOnCluster(
  projects: readonly Project[],
  cluster: string | undefined,
): Project[] {
  if (cluster === undefined) return [...projects];
  return projects
    .map((p) => ({ ...p, environments: p.environments.filter((e) => e.cluster === cluster) }))
    .filter((p) => p.environments.length > 0);
}

/** Remembers the scope in the browser (the next server render reads it). Client only. */
export function rememberClusterScope(cluster: string | undefined): void {
  document.cookie = clusterCookie(cluster);
}
