// Update an app in one environment: its live rollout, its actions, the form (or YAML) from what
// runs now, and its revisions. Everything read as the signed-in user.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AppActions } from '../../../../../../../components/deploy/app-actions';
import { AppForm } from '../../../../../../../components/deploy/app-form';
import { first, projectEnv } from '../../../../../project-env';
import { RolloutHistory } from '../../../../../../../components/deploy/rollout-history';
import { RolloutStatus } from '../../../../../../../components/deploy/rollout-status';
import { Breadcrumbs } from '../../../../../../../components/shell/breadcrumbs';
import { Forbidden } from '../../../../../../../components/shell/forbidden';
import { BoxIcon } from '../../../../../../../components/shell/icons';
import { Notice, PageHeader } from '../../../../../../../components/shell/page-parts';
import { modelFrom, type Manifest } from '../../../../../../../lib/apps/app-model';
import { getT } from '../../../../../../../lib/i18n/server';
import { appHref, projectHref } from '../../../../../../../lib/routes';
import { wharf } from '../../../../../../../server/context';
import { KubeError, kubeJson } from '../../../../../../../server/kube/transport';
import { requireIdentity } from '../../../../../data';

type Params = Promise<{ project: string; app: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const APP_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ app }, t] = await Promise.all([params, getT()]);
  return { title: `${t('deploy.editTitle', { app })} · ${t('app.name')}` };
}

async function read(
  cluster: string,
  path: string,
): Promise<{ ok: true; object?: Manifest } | { ok: false; message: string }> {
  const conn = wharf().clusters.get(cluster);
  if (!conn) return { ok: false, message: `no cluster ${cluster}` };
  try {
    return {
      ok: true,
      object: await kubeJson<Manifest>(conn, { path, as: await requireIdentity() }),
    };
  } catch (err) {
    if (err instanceof KubeError && err.code === 404) return { ok: true };
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

export default async function EditAppPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const [{ project: name, app }, query, t] = await Promise.all([params, searchParams, getT()]);
  if (!APP_NAME.test(app)) notFound();
  const place = await projectEnv(name, first(query.env));
  if (place.kind === 'forbidden') return <Forbidden project={name} />;
  if (place.kind === 'error') return <Notice tone="error">{t('home.projectsError')}</Notice>;
  const { project, group } = place;
  const perApp = group.namespaces.some((n) => n.app);
  const ns = perApp ? group.namespaces.find((n) => n.app === app) : group.namespaces[0];
  if (!ns) notFound();

  const [deployment, service] = await Promise.all([
    read(ns.cluster, `/apis/apps/v1/namespaces/${ns.namespace}/deployments/${app}`),
    read(ns.cluster, `/api/v1/namespaces/${ns.namespace}/services/${app}`),
  ]);
  const ref = {
    project: project.name,
    env: group.env,
    cluster: ns.cluster,
    namespace: ns.namespace,
    app,
  };
  const crumbs = (
    <Breadcrumbs
      label={t('shell.breadcrumb')}
      items={[
        { label: t('shell.overview'), href: '/' },
        { label: project.name, href: projectHref(project.name, group.env) },
        { label: group.env, href: projectHref(project.name, group.env) },
        { label: app, href: appHref(project.name, app, group.env) },
        { label: t('deploy.update') },
      ]}
    />
  );
  if (!deployment.ok || !service.ok)
    return (
      <>
        {crumbs}
        <Notice tone="error">
          {!deployment.ok ? deployment.message : !service.ok ? service.message : ''}
        </Notice>
      </>
    );
  if (!deployment.object) notFound();
  const meta = deployment.object.metadata as { resourceVersion?: string; generation?: number };

  return (
    <>
      {crumbs}
      <PageHeader
        title={t('deploy.editTitle', { app })}
        icon={<BoxIcon size={20} />}
        subtitle={`${ns.namespace} · ${ns.cluster}`}
      >
        <AppActions {...ref} />
      </PageHeader>
      <RolloutStatus {...ref} />
      <AppForm
        key={String(meta.generation)}
        mode="update"
        project={project.name}
        env={group.env}
        target={{ cluster: ns.cluster, namespace: ns.namespace }}
        base={{
          deployment: deployment.object,
          ...(service.object ? { service: service.object } : {}),
        }}
        resourceVersion={meta.resourceVersion ?? ''}
        generation={meta.generation ?? 0}
        initial={modelFrom(deployment.object, service.object)}
      />
      <RolloutHistory {...ref} />
    </>
  );
}
