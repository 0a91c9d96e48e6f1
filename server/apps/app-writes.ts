// What the app write API does on a cluster, every call impersonating the user so the API server's
// RBAC, admission and quota decide (the console never acts with its own identity here).
import { deploymentFor, serviceFor, type AppModel, type Manifest } from '../../lib/apps/app-model';
import { parseAppYaml } from '../../lib/apps/app-yaml';
import {
  ownedReplicaSets,
  revisionOf,
  revisionTemplate,
  type KubeItem,
} from '../../lib/apps/rollout';
import { exceededMessage, preflight, type Preflight, type QuotaLike } from '../../lib/apps/quota';
import type { AppWriteResult, DeleteAppResult, RollbackResult } from '../../lib/contracts/apps';
import { ApiError, failure, statusFromError } from '../api/errors';
import type { ClusterConnection } from '../kube/clusters';
import { kubeJson, KubeError, type Identity, type KubeRequest } from '../kube/transport';

export const PROJECT_LABEL = 'wharf.io/project';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** A cluster and a namespace, acted on as one user. */
export interface Target {
  conn: ClusterConnection;
  as: Identity;
  namespace: string;
}

/** The app as the request gave it: the model, or the YAML text. */
export interface AppSource {
  model?: AppModel;
  yaml?: string;
}

interface List<T> {
  items: T[];
}

const deployments = (ns: string, name = '') =>
  `/apis/apps/v1/namespaces/${ns}/deployments${name ? `/${name}` : ''}`;
const services = (ns: string, name = '') =>
  `/api/v1/namespaces/${ns}/services${name ? `/${name}` : ''}`;

function call<T>(t: Target, req: KubeRequest): Promise<T> {
  return kubeJson<T>(t.conn, { ...req, as: t.as });
}

/** The object, or undefined when it does not exist. */
async function getOptional(t: Target, path: string): Promise<Manifest | undefined> {
  try {
    return await call<Manifest>(t, { path });
  } catch (err) {
    if (err instanceof KubeError && err.code === 404) return undefined;
    throw err;
  }
}

/** The project the namespace belongs to (its `wharf.io/project` label), read as the user. */
export async function projectOf(t: Target): Promise<string> {
  const ns = await call<Manifest>(t, { path: `/api/v1/namespaces/${t.namespace}` });
  const project = ns.metadata.labels?.[PROJECT_LABEL];
  if (!project)
    throw new ApiError(
      failure(400, 'BadRequest', `namespace ${t.namespace} belongs to no Wharf project`),
    );
  return project;
}

/** The model and, for YAML, the manifests it came from; YAML errors are field errors (422). */
function resolveSource(src: AppSource): {
  model: AppModel;
  deployment?: Manifest;
  service?: Manifest;
} {
  if (src.model) return { model: src.model };
  const parsed = parseAppYaml(src.yaml ?? '');
  if (parsed.ok) return parsed;
  const causes = parsed.errors.map((e) => ({
    reason: 'FieldValueInvalid',
    field: e.field ? `yaml.${e.field}` : 'yaml',
    message: `line ${e.line}: ${e.message}`,
  }));
  throw new ApiError(
    failure(422, 'Invalid', `invalid yaml: ${causes.map((c) => c.message).join('; ')}`, {
      causes,
    }),
  );
}

/** The YAML's own objects placed in the target namespace, without what the API server owns. */
function placed(m: Manifest | undefined, name: string, namespace: string): Manifest | undefined {
  if (!m) return undefined;
  const { resourceVersion: _rv, uid: _uid, ...meta } = m.metadata;
  return { ...m, metadata: { ...meta, name, namespace } };
}

async function quotas(t: Target): Promise<QuotaLike[]> {
  const list = await call<List<QuotaLike>>(t, {
    path: `/api/v1/namespaces/${t.namespace}/resourcequotas`,
  });
  return list.items;
}

/** The preflight against every quota of the namespace: the first that does not fit, else the first. */
async function check(
  t: Target,
  next: Manifest,
  current: Manifest | undefined,
  addsService: boolean,
): Promise<Preflight> {
  const all = (await quotas(t)).map((q) => preflight(q, next, current, { adds: addsService }));
  return all.find((p) => !p.fits) ?? all[0] ?? preflight(undefined, next, current);
}

function refuseOverQuota(p: Preflight): void {
  if (!p.fits) throw new ApiError(failure(403, 'Forbidden', exceededMessage(p)));
}

interface Plan {
  deployment: Manifest;
  service?: Manifest;
  current?: Manifest;
  currentService?: Manifest;
}

async function planCreate(t: Target, src: AppSource): Promise<Plan> {
  const { model, deployment, service } = resolveSource(src);
  const project = await projectOf(t);
  return {
    deployment: deploymentFor(model, project, placed(deployment, model.name, t.namespace)),
    service: serviceFor(model, project, placed(service, model.name, t.namespace)),
  };
}

async function planUpdate(t: Target, app: string, src: AppSource): Promise<Plan> {
  const { model, deployment, service } = resolveSource(src);
  if (model.name !== app)
    throw new ApiError(
      failure(422, 'Invalid', 'the app cannot be renamed', {
        causes: [{ reason: 'FieldValueInvalid', field: 'name', message: `must be ${app}` }],
      }),
    );
  const [project, current, currentService] = await Promise.all([
    projectOf(t),
    call<Manifest>(t, { path: deployments(t.namespace, app) }),
    getOptional(t, services(t.namespace, app)),
  ]);
  return {
    current,
    currentService,
    deployment: deploymentFor(model, project, placed(deployment, app, t.namespace) ?? current),
    service: serviceFor(model, project, placed(service, app, t.namespace) ?? currentService),
  };
}

/** The quota preflight of a deploy (no `app`), an update, or a scale to `replicas`. */
export async function preflightApp(
  t: Target,
  body: AppSource & { app?: string; replicas?: number; restart?: true },
): Promise<Preflight> {
  if (body.replicas !== undefined && body.app) {
    const current = await call<Manifest>(t, { path: deployments(t.namespace, body.app) });
    return check(t, withReplicas(current, body.replicas), current, false);
  }
  if (body.restart && body.app) {
    const current = await call<Manifest>(t, { path: deployments(t.namespace, body.app) });
    return check(t, restarted(current, new Date()), current, false);
  }
  const plan = body.app ? await planUpdate(t, body.app, body) : await planCreate(t, body);
  return check(t, plan.deployment, plan.current, !!plan.service && !plan.currentService);
}

function written(m: Manifest): AppWriteResult {
  return {
    name: m.metadata.name ?? '',
    namespace: m.metadata.namespace ?? '',
    resourceVersion: String(m.metadata.resourceVersion ?? ''),
    generation: typeof m.metadata.generation === 'number' ? m.metadata.generation : 0,
  };
}

/** Deploys a new app: its Deployment, then its Service (the Deployment is removed if that fails). */
export async function createApp(t: Target, src: AppSource): Promise<AppWriteResult> {
  const plan = await planCreate(t, src);
  refuseOverQuota(await check(t, plan.deployment, undefined, !!plan.service));
  const created = await call<Manifest>(t, {
    method: 'POST',
    path: deployments(t.namespace),
    body: plan.deployment,
  });
  if (plan.service) {
    try {
      await call(t, { method: 'POST', path: services(t.namespace), body: plan.service });
    } catch (err) {
      await call(t, {
        method: 'DELETE',
        path: deployments(t.namespace, created.metadata.name),
      }).catch(() => undefined);
      throw err;
    }
  }
  return written(created);
}

/** Updates an app from the version the user edited; a newer one on the server is a 409. */
export async function updateApp(
  t: Target,
  app: string,
  src: AppSource,
  since: { resourceVersion: string; generation?: number },
): Promise<AppWriteResult> {
  const plan = await planUpdate(t, app, src);
  const current = plan.current?.metadata ?? {};
  const changed =
    since.generation !== undefined
      ? current.generation !== since.generation
      : String(current.resourceVersion) !== since.resourceVersion;
  if (changed)
    throw new ApiError(
      failure(409, 'Conflict', 'changed by someone else, reload and try again', {
        name: app,
        kind: 'deployments',
      }),
    );
  refuseOverQuota(
    await check(t, plan.deployment, plan.current, !!plan.service && !plan.currentService),
  );
  // The API server refuses the PUT itself if the Deployment changed since it was read here.
  plan.deployment.metadata.resourceVersion = current.resourceVersion;
  const updated = await call<Manifest>(t, {
    method: 'PUT',
    path: deployments(t.namespace, app),
    body: plan.deployment,
  });
  if (plan.service && plan.currentService)
    await call(t, { method: 'PUT', path: services(t.namespace, app), body: plan.service });
  else if (plan.service)
    await call(t, { method: 'POST', path: services(t.namespace), body: plan.service });
  else if (plan.currentService)
    await call(t, { method: 'DELETE', path: services(t.namespace, app) });
  return written(updated);
}

function withReplicas(d: Manifest, replicas: number): Manifest {
  return { ...d, spec: { ...(d.spec as object), replicas } };
}

/** Scales through the scale subresource (what an operator may do), after the quota preflight. */
export async function scaleApp(t: Target, app: string, replicas: number): Promise<AppWriteResult> {
  const current = await call<Manifest>(t, { path: deployments(t.namespace, app) });
  refuseOverQuota(await check(t, withReplicas(current, replicas), current, false));
  await call(t, {
    method: 'PATCH',
    path: `${deployments(t.namespace, app)}/scale`,
    contentType: 'application/merge-patch+json',
    body: { spec: { replicas } },
  });
  return written(await call<Manifest>(t, { path: deployments(t.namespace, app) }));
}

function patchDeployment(t: Target, app: string, patch: object, type: string) {
  return call<Manifest>(t, {
    method: 'PATCH',
    path: deployments(t.namespace, app),
    contentType: type,
    body: patch,
  }).then(written);
}

/** The Deployment as a restart at `now` leaves it: a new pod template, so a rolling update. */
function restarted(d: Manifest, now: Date): Manifest {
  const spec = (d.spec ?? {}) as { template?: { metadata?: { annotations?: object } } };
  const template = spec.template ?? {};
  return {
    ...d,
    spec: {
      ...spec,
      template: {
        ...template,
        metadata: {
          ...template.metadata,
          annotations: { ...template.metadata?.annotations, [RESTARTED_AT]: now.toISOString() },
        },
      },
    },
  };
}

/**
 * A rolling restart as `kubectl rollout restart` does (a new restartedAt on the pod template),
 * after the quota preflight: the rollout runs up to replicas + maxSurge pods at once.
 */
export async function restartApp(
  t: Target,
  app: string,
  now = new Date(),
): Promise<AppWriteResult> {
  const current = await call<Manifest>(t, { path: deployments(t.namespace, app) });
  refuseOverQuota(await check(t, restarted(current, now), current, false));
  const patch = {
    spec: { template: { metadata: { annotations: { [RESTARTED_AT]: now.toISOString() } } } },
  };
  return patchDeployment(t, app, patch, 'application/strategic-merge-patch+json');
}

export function setPaused(t: Target, app: string, paused: boolean): Promise<AppWriteResult> {
  return patchDeployment(t, app, { spec: { paused } }, 'application/merge-patch+json');
}

/**
 * Rolls back as `kubectl rollout undo --to-revision` does: that ReplicaSet's pod template (without
 * its pod-template-hash label) becomes the Deployment's, guarded by the resourceVersion read.
 */
export async function rollbackApp(
  t: Target,
  app: string,
  revision: number,
): Promise<RollbackResult> {
  const d = await call<Manifest & KubeItem>(t, { path: deployments(t.namespace, app) });
  const selector = Object.entries(
    ((d.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels ??
      {}) as Record<string, string>,
  )
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const list = await call<List<KubeItem>>(t, {
    path: `/apis/apps/v1/namespaces/${t.namespace}/replicasets`,
    query: { labelSelector: selector },
  });
  const rs = ownedReplicaSets(d, list.items).find((r) => revisionOf(r) === revision);
  if (!rs)
    throw new ApiError(failure(404, 'NotFound', `unable to find revision ${revision} of ${app}`));
  const template = revisionTemplate(rs);
  const result = written(d);
  if (JSON.stringify(template) === JSON.stringify((d.spec as { template?: unknown }).template))
    return { ...result, skipped: true };
  const patched = await call<Manifest>(t, {
    method: 'PATCH',
    path: deployments(t.namespace, app),
    contentType: 'application/json-patch+json',
    body: [
      { op: 'test', path: '/metadata/resourceVersion', value: d.metadata.resourceVersion },
      { op: 'replace', path: '/spec/template', value: template },
    ],
  });
  return { ...written(patched), skipped: false };
}

/**
 * Deletes the app: its Deployment (whose ReplicaSets and pods go with it), then its Service and the
 * Ingresses, ConfigMaps and Secrets labelled with its name. Whatever the user may not delete stays
 * and is reported; not being allowed to delete the Deployment stops everything.
 */
export async function deleteApp(t: Target, app: string): Promise<DeleteAppResult> {
  const result: DeleteAppResult = { deleted: [], kept: [] };
  await call(t, {
    method: 'DELETE',
    path: deployments(t.namespace, app),
    body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
  });
  result.deleted.push(`deployment/${app}`);
  const labelSelector = `app.kubernetes.io/name=${app}`;
  const kinds = [
    { kind: 'ingress', base: `/apis/networking.k8s.io/v1/namespaces/${t.namespace}/ingresses` },
    { kind: 'configmap', base: `/api/v1/namespaces/${t.namespace}/configmaps` },
    { kind: 'secret', base: `/api/v1/namespaces/${t.namespace}/secrets` },
  ];
  const remove = async (object: string, path: string) => {
    try {
      await call(t, { method: 'DELETE', path });
      result.deleted.push(object);
    } catch (err) {
      if (err instanceof KubeError && err.code === 404) return;
      result.kept.push({ object, reason: statusFromError(err).message ?? 'refused' });
    }
  };
  await remove(`service/${app}`, services(t.namespace, app));
  for (const { kind, base } of kinds) {
    let items: Manifest[];
    try {
      items = (await call<List<Manifest>>(t, { path: base, query: { labelSelector } })).items;
    } catch (err) {
      result.kept.push({ object: `${kind}s`, reason: statusFromError(err).message ?? 'refused' });
      continue;
    }
    for (const item of items) {
      const name = item.metadata.name ?? '';
      await remove(`${kind}/${name}`, `${base}/${name}`);
    }
  }
  return result;
}
