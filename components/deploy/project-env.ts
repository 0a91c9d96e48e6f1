// For the deploy pages (server side): the project and environment a URL names, among the signed-in
// user's projects, or which status page to show instead.
import { notFound } from 'next/navigation';
import { projectExists, userProjects } from '../../app/(console)/data';
import type { Project } from '../../lib/contracts/projects';
import {
  groupEnvironments,
  selectEnvironment,
  type EnvironmentGroup,
} from '../projects/environments';

const PROJECT_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export type ProjectEnv =
  | { kind: 'ok'; project: Project; group: EnvironmentGroup }
  | { kind: 'forbidden' }
  | { kind: 'error' };

/** The project and env (`?env=`, else the project's first); unknown projects are not found. */
export async function projectEnv(name: string, env: string | undefined): Promise<ProjectEnv> {
  if (!PROJECT_NAME.test(name)) notFound();
  const result = await userProjects();
  if (!result.ok) return { kind: 'error' };
  const project = result.projects.find((p) => p.name === name);
  if (!project) {
    if (await projectExists(name)) return { kind: 'forbidden' };
    notFound();
  }
  const group = selectEnvironment(groupEnvironments(project), env);
  if (!group || (env !== undefined && group.env !== env)) notFound();
  return { kind: 'ok', project, group };
}

export function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
