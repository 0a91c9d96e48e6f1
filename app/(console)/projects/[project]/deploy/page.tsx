// Deploy a new app into one environment of a project: the form (or YAML) with the quota preflight.
// The target namespace is the env's, or in a per-app layout the app's own `<project>-<app>-<env>`.
import type { Metadata } from 'next';
import { AppForm } from '../../../../../components/deploy/app-form';
import { first, projectEnv } from '../../../project-env';
import { Breadcrumbs } from '../../../../../components/shell/breadcrumbs';
import { Forbidden } from '../../../../../components/shell/forbidden';
import { BoxIcon } from '../../../../../components/shell/icons';
import { Notice, PageHeader } from '../../../../../components/shell/page-parts';
import { defaultModel } from '../../../../../lib/apps/app-model';
import { getT } from '../../../../../lib/i18n/server';
import { projectHref } from '../../../../../lib/routes';

type Params = Promise<{ project: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ project }, t] = await Promise.all([params, getT()]);
  return { title: `${t('deploy.pageTitle')} · ${project} · ${t('app.name')}` };
}

export default async function DeployPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const [{ project: name }, query, t] = await Promise.all([params, searchParams, getT()]);
  const place = await projectEnv(name, first(query.env));
  if (place.kind === 'forbidden') return <Forbidden project={name} />;
  if (place.kind === 'error') return <Notice tone="error">{t('home.projectsError')}</Notice>;
  const { project, group } = place;
  const targets = group.namespaces.map((n) => ({
    cluster: n.cluster,
    namespace: n.namespace,
    ...(n.app ? { app: n.app } : {}),
  }));

  return (
    <>
      <Breadcrumbs
        label={t('shell.breadcrumb')}
        items={[
          { label: t('shell.overview'), href: '/' },
          { label: project.name, href: projectHref(project.name, group.env) },
          { label: group.env, href: projectHref(project.name, group.env) },
          { label: t('deploy.pageTitle') },
        ]}
      />
      <PageHeader
        title={t('deploy.heading', { env: group.env })}
        icon={<BoxIcon size={20} />}
        subtitle={t('deploy.subtitle', { project: project.name })}
      />
      <AppForm
        mode="create"
        project={project.name}
        env={group.env}
        targets={targets}
        initial={defaultModel()}
      />
    </>
  );
}
