// A project's environments as the console shows them: one per env name, with every namespace of
// that env (per-app layouts put several there), and links to them.
import type { Environment, Project } from '../../lib/contracts/projects';

export interface EnvironmentGroup {
  env: string;
  /** The namespaces of this env, in the order the project lists them. */
  namespaces: Environment[];
  /** Clusters the env lives on, deduplicated, in order. */
  clusters: string[];
  /** Any namespace of the env is protected (prod). */
  protected: boolean;
}

/** Groups a project's environments by env name, keeping the project's order (dev, test, …, prod). */
export function groupEnvironments(project: Pick<Project, 'environments'>): EnvironmentGroup[] {
  const groups = new Map<string, EnvironmentGroup>();
  for (const e of project.environments) {
    let g = groups.get(e.env);
    if (!g) {
      g = { env: e.env, namespaces: [], clusters: [], protected: false };
      groups.set(e.env, g);
    }
    g.namespaces.push(e);
    if (!g.clusters.includes(e.cluster)) g.clusters.push(e.cluster);
    g.protected ||= e.protected;
  }
  return [...groups.values()];
}

/** The env a page shows: the one asked for if the project has it, else the first; undefined if none. */
export function selectEnvironment(
  groups: readonly EnvironmentGroup[],
  requested: string | undefined,
): EnvironmentGroup | undefined {
  return groups.find((g) => g.env === requested) ?? groups[0];
}

/** The project page's path (no base path: Next's Link adds it). */
export function projectHref(project: string, env?: string): string {
  const path = `/projects/${encodeURIComponent(project)}`;
  return env === undefined ? path : `${path}?${new URLSearchParams({ env })}`;
}
