// Projects a user may see: namespaces labelled wharf.io/project, read with the console's identity and
// filtered per user by the API server (SubjectAccessReview), across every cluster.
import type { Environment, Project } from '../../lib/contracts/projects';
import type { AccessReviewer } from '../kube/access';
import type { Identity } from '../kube/transport';
import type { CachedObject, WatchCache } from '../kube/watch-cache';

export interface ProjectDeps {
  clusters: readonly string[];
  cache: WatchCache;
  access: AccessReviewer;
}

const ENV_ORDER = ['dev', 'test', 'preview', 'staging', 'prod'];

function labels(ns: CachedObject): Record<string, string> {
  return ((ns.metadata as { labels?: Record<string, string> }).labels ?? {}) as Record<
    string,
    string
  >;
}

/** Every project namespace in every cluster the user may see, grouped by project. */
export async function projectsFor(deps: ProjectDeps, who: Identity): Promise<Project[]> {
  const perCluster = await Promise.all(
    deps.clusters.map(async (cluster) => {
      const namespaces = await deps.cache.list({
        cluster,
        apiPath: '/api/v1',
        plural: 'namespaces',
      });
      const visible = await Promise.all(
        namespaces
          .filter((ns) => labels(ns)['wharf.io/project'])
          .map(async (ns) => {
            const name = ns.metadata.name!;
            const ok = await deps.access.allowed(cluster, who, {
              verb: 'get',
              resource: 'namespaces',
              name,
              namespace: name,
            });
            return ok ? { cluster, ns } : undefined;
          }),
      );
      return visible.filter((v) => v !== undefined);
    }),
  );
  const byProject = new Map<string, Project>();
  for (const { cluster, ns } of perCluster.flat()) {
    const l = labels(ns);
    const project = l['wharf.io/project']!;
    const annotations = ((ns.metadata as { annotations?: Record<string, string> }).annotations ??
      {}) as Record<string, string>;
    const p = byProject.get(project) ?? { name: project, environments: [] };
    const env: Environment = {
      env: l['wharf.io/env'] ?? 'default',
      namespace: ns.metadata.name!,
      cluster,
      ...(l['wharf.io/app'] ? { app: l['wharf.io/app'] } : {}),
      protected: l['wharf.io/protected'] === 'true',
    };
    p.environments.push(env);
    const created = (ns.metadata as { creationTimestamp?: string }).creationTimestamp;
    if (created && (!p.createdAt || created < p.createdAt)) {
      p.createdAt = created;
      if (annotations['wharf.io/creator']) p.creator = annotations['wharf.io/creator'];
    }
    byProject.set(project, p);
  }
  const rank = (e: string): number =>
    ENV_ORDER.includes(e) ? ENV_ORDER.indexOf(e) : ENV_ORDER.length;
  return [...byProject.values()]
    .map((p) => ({
      ...p,
      environments: p.environments.sort(
        (a, b) => rank(a.env) - rank(b.env) || a.namespace.localeCompare(b.namespace),
      ),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Whether any cluster has a namespace of project `name` (read with the console's identity). Only to
 * tell "no such project" (404) from "not yours" (403): nothing of the project is returned.
 */
export async function projectHasNamespaces(
  deps: Pick<ProjectDeps, 'clusters' | 'cache'>,
  name: string,
): Promise<boolean> {
  const found = await Promise.all(
    deps.clusters.map((cluster) =>
      deps.cache
        .list({ cluster, apiPath: '/api/v1', plural: 'namespaces' })
        .then((namespaces) => namespaces.some((ns) => labels(ns)['wharf.io/project'] === name))
        .catch(() => false),
    ),
  );
  return found.some(Boolean);
}
