// For the deploy pages (server side): the project and environment a URL names, among the signed-in
// user's projects, or which status page to show instead.
import { notFound } from 'next/navigation';
import { projectFromUrl } from './data';
import type { Project } from '../../lib/contracts/projects';
import {
  groupEnvironments,
  selectEnvironment,
  type EnvironmentGroup,
} from '../../components/projects/environments';

export type ProjectEnv =
  | { kind: 'ok'; project: Project; group: EnvironmentGroup }
  | { kind: 'forbidden' }
  | { kind: 'error' };

/** The project and env (`?env=`, else the project's first); unknown projects are not found. */
export async function projectEnv(name: string, env: string | undefined): Promise<ProjectEnv> {
  const found = await projectFromUrl(name);
  if (found.kind !== 'ok') return found;
  const { project } = found;
  const group = selectEnvironment(groupEnvironments(project), env);
  if (!group || (env !== undefined && group.env !== env)) notFound();
  return { kind: 'ok', project, group };
}

export function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
