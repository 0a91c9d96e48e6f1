// Data for the signed-in pages, read once per request: who is signed in, their projects, the
// clusters and the cluster scope the switcher chose. Server components only.
import { cookies } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { CLUSTER_COOKIE } from '../../components/shell/cluster-scope';
import type { Project } from '../../lib/contracts/projects';
import { currentIdentity, type Identity } from '../../server/auth/identity';
import { wharf } from '../../server/context';
import { visibleProjects } from '../../server/api/projects';
import { projectHasNamespaces } from '../../server/domain/projects';

/** The signed-in user; pages without a session go to sign in (the proxy does too, this is the belt). */
export const requireIdentity = cache(async (): Promise<Identity> => {
  const who = await currentIdentity();
  if (!who) redirect('/login');
  return who;
});

/** The names of the clusters the console is connected to, in configuration order. */
export function clusterNames(): string[] {
  return [...wharf().clusters.keys()];
}

export type ProjectsResult = { ok: true; projects: Project[] } | { ok: false };

/** The projects the signed-in user may see, across every cluster; `ok: false` when that failed. */
export const userProjects = cache(async (): Promise<ProjectsResult> => {
  const who = await requireIdentity();
  const ctx = wharf();
  try {
    // A cluster that does not answer shortens the list rather than failing the page.
    const { projects } = await visibleProjects(ctx, who);
    return { ok: true, projects };
  } catch (err) {
    console.error('wharf: listing projects failed:', err);
    return { ok: false };
  }
});

/** Whether project `name` exists at all (to tell 404 from 403; see server/domain/projects). */
export function projectExists(name: string): Promise<boolean> {
  const ctx = wharf();
  return projectHasNamespaces({ clusters: [...ctx.clusters.keys()], cache: ctx.cache }, name);
}

// Project names are namespace label values: a DNS label keeps junk from reaching the cluster.
const PROJECT_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export type ProjectLookup =
  { kind: 'ok'; project: Project } | { kind: 'forbidden' } | { kind: 'error' };

/**
 * The project a URL names, among the signed-in user's: `forbidden` when it exists but is not theirs
 * (the 403 page), `error` when the projects could not be read; a name no cluster has is not found.
 */
export async function projectFromUrl(name: string): Promise<ProjectLookup> {
  if (!PROJECT_NAME.test(name)) notFound();
  const result = await userProjects();
  if (!result.ok) return { kind: 'error' };
  const project = result.projects.find((p) => p.name === name);
  if (project) return { kind: 'ok', project };
  if (await projectExists(name)) return { kind: 'forbidden' };
  notFound();
}

/** The cluster the switcher narrowed the view to, or undefined for all clusters. */
export const clusterScope = cache(async (): Promise<string | undefined> => {
  const chosen = (await cookies()).get(CLUSTER_COOKIE)?.value;
  return chosen && clusterNames().includes(chosen) ? chosen : undefined;
});

export interface NamespacePlace {
  project: Project;
  /** The environment of the project this namespace belongs to. */
  env: string;
  /** Set for per-app namespaces. */
  app?: string;
  protected: boolean;
}

/**
 * The project and environment a namespace of a cluster belongs to, among the signed-in user's
 * projects; undefined when the user may see no such namespace (show the 403/404 page then).
 */
export async function namespacePlace(
  cluster: string,
  namespace: string,
): Promise<NamespacePlace | undefined> {
  const result = await userProjects();
  if (!result.ok) return undefined;
  for (const project of result.projects) {
    const env = project.environments.find(
      (e) => e.cluster === cluster && e.namespace === namespace,
    );
    if (env) return { project, env: env.env, app: env.app, protected: env.protected };
  }
  return undefined;
}
