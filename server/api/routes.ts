// The console's JSON API routes, each built with a given withApi so tests can inject the session and the
// context; app/api/**/route.ts binds them to the real withApi.
import type { ClusterOverview } from '../../lib/contracts/clusters';
import type { Project } from '../../lib/contracts/projects';
import { clusterOverview } from '../domain/clusters';
import { visibleProjects } from './projects';
import type { RouteHandler, WithApi } from './with-api';

/** GET /api/projects → Project[]: the projects whose namespaces the signed-in user may see. */
export function projectsRoute(withApi: WithApi): RouteHandler {
  return withApi({}, async ({ identity, ctx }): Promise<Project[]> => {
    const { projects } = await visibleProjects(ctx, identity);
    return projects;
  });
}

/** GET /api/clusters → ClusterOverview[]: every connected cluster, numbers only for who may read them. */
export function clustersRoute(withApi: WithApi): RouteHandler {
  return withApi({}, ({ identity, ctx }): Promise<ClusterOverview[]> =>
    clusterOverview(ctx, identity),
  );
}
