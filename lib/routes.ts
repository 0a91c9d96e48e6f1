// The console's page URLs in one place, so screens link to each other without knowing each other's files.

const seg = encodeURIComponent;

/** A project's dashboard, optionally on one environment (`dev`, `test`, `prod`). */
export function projectHref(project: string, env?: string): string {
  return `/projects/${seg(project)}${env ? `?env=${seg(env)}` : ''}`;
}

/** An app's dashboard in one environment of its project. */
export function appHref(project: string, app: string, env?: string): string {
  return `/projects/${seg(project)}/apps/${seg(app)}${env ? `?env=${seg(env)}` : ''}`;
}

/** The deploy form for a new app of a project in one environment. */
export function deployHref(project: string, env?: string): string {
  return `/projects/${seg(project)}/deploy${env ? `?env=${seg(env)}` : ''}`;
}

/** The update form of an existing app in one environment. */
export function editAppHref(project: string, app: string, env: string): string {
  return `/projects/${seg(project)}/apps/${seg(app)}/edit?env=${seg(env)}`;
}

function nsBase(cluster: string, namespace: string): string {
  return `/clusters/${seg(cluster)}/namespaces/${seg(namespace)}`;
}

/** One pod's live log; `container` preselects a container. */
export function podLogsHref(
  cluster: string,
  namespace: string,
  pod: string,
  container?: string,
): string {
  const q = container ? `?container=${seg(container)}` : '';
  return `${nsBase(cluster, namespace)}/pods/${seg(pod)}/logs${q}`;
}

/** The merged live log of every pod of an app in one namespace. */
export function appLogsHref(cluster: string, namespace: string, app: string): string {
  return `${nsBase(cluster, namespace)}/apps/${seg(app)}/logs`;
}

/** A web terminal into a pod; `container` preselects a container. */
export function podTerminalHref(
  cluster: string,
  namespace: string,
  pod: string,
  container?: string,
): string {
  const q = container ? `?container=${seg(container)}` : '';
  return `${nsBase(cluster, namespace)}/pods/${seg(pod)}/terminal${q}`;
}

/** Every pod of one namespace (the namespace-scoped pod list). */
export function namespacePodsHref(cluster: string, namespace: string): string {
  return `${nsBase(cluster, namespace)}/pods`;
}
