// The projects of the signed-in user across the clusters that answer: projectsFor (server/domain) over the
// reachable clusters, so one cluster down shortens the list instead of failing it.
import type { Project } from '../../lib/contracts/projects';
import type { WharfContext } from '../context';
import { listOrFail } from '../domain/clusters';
import { projectsFor } from '../domain/projects';
import type { Identity } from '../kube/transport';

export interface VisibleProjects {
  projects: Project[];
  /** Clusters whose namespaces could not be read: their environments are missing from `projects`. */
  unreachable: { cluster: string; error: string }[];
}

/** The twin of GET /api/projects for server components, with the clusters that did not answer. */
export async function visibleProjects(
  ctx: Pick<WharfContext, 'clusters' | 'cache' | 'access'>,
  who: Identity,
  timeoutMs = 5_000,
): Promise<VisibleProjects> {
  const names = [...ctx.clusters.keys()];
  const probes = await Promise.all(
    names.map(async (cluster) => {
      try {
        await listOrFail(
          ctx.cache,
          { cluster, apiPath: '/api/v1', plural: 'namespaces' },
          timeoutMs,
        );
        return { cluster };
      } catch (e) {
        return { cluster, error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
  const reachable = probes.filter((p) => p.error === undefined).map((p) => p.cluster);
  const projects = await projectsFor(
    { clusters: reachable, cache: ctx.cache, access: ctx.access },
    who,
  );
  return {
    projects,
    unreachable: probes.flatMap((p) =>
      p.error === undefined ? [] : [{ cluster: p.cluster, error: p.error }],
    ),
  };
}
