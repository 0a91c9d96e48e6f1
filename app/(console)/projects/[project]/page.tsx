// A project's dashboard (screen 2): every app in every environment with its health, counts and quota
// per environment, then the selected environment's members, events and live pods. Decided on the
// server: a project the user may not see is a 403 page that names none of its namespaces; an unknown
// one is not found. Everything below the header is live from the tab's stream.
import type { Metadata } from 'next';
import Link from 'next/link';
import appStyles from '../../../../components/apps/apps.module.css';
import { PodTable } from '../../../../components/pods/pod-table';
import { EnvSummary } from '../../../../components/projects/env-summary';
import { EnvTabs } from '../../../../components/projects/env-tabs';
import { groupEnvironments, selectEnvironment } from '../../../../components/projects/environments';
import { EnvActivity, ProjectOverview } from '../../../../components/projects/project-dashboard';
import { Breadcrumbs } from '../../../../components/shell/breadcrumbs';
import { Forbidden } from '../../../../components/shell/forbidden';
import { FolderIcon } from '../../../../components/shell/icons';
import { Notice, PageHeader } from '../../../../components/shell/page-parts';
import projectStyles from '../../../../components/projects/projects.module.css';
import buttonStyles from '../../../../components/ui/button.module.css';
import { getLang, getT } from '../../../../lib/i18n/server';
import { deployHref } from '../../../../lib/routes';
import { projectFromUrl } from '../../data';

type Params = Promise<{ project: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ project }, t] = await Promise.all([params, getT()]);
  return { title: `${project} · ${t('app.name')}` };
}

export default async function ProjectPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const [{ project: name }, query, t, lang] = await Promise.all([
    params,
    searchParams,
    getT(),
    getLang(),
  ]);
  const found = await projectFromUrl(name);
  if (found.kind === 'error') return <Notice tone="error">{t('home.projectsError')}</Notice>;
  if (found.kind === 'forbidden') return <Forbidden project={name} />;
  const { project } = found;

  const groups = groupEnvironments(project);
  const selected = selectEnvironment(groups, first(query.env));
  const created = project.createdAt ? new Date(project.createdAt) : undefined;
  const createdText =
    created && !Number.isNaN(created.getTime())
      ? new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', {
          dateStyle: 'medium',
          timeZone: 'UTC',
        }).format(created)
      : undefined;

  return (
    <>
      <Breadcrumbs
        label={t('shell.breadcrumb')}
        items={[
          { label: t('shell.overview'), href: '/' },
          { label: project.name, href: selected ? `/projects/${project.name}` : undefined },
          ...(selected ? [{ label: selected.env }] : []),
        ]}
      />
      <PageHeader
        title={project.name}
        icon={<FolderIcon size={20} />}
        subtitle={
          <ul className={projectStyles.meta} aria-label={t('project.details')}>
            {project.creator ? (
              <li>
                {t('project.createdBy')}: <strong>{project.creator}</strong>
              </li>
            ) : null}
            {createdText && project.createdAt ? (
              <li>
                {t('project.createdAt')}: <time dateTime={project.createdAt}>{createdText}</time>
              </li>
            ) : null}
            <li>
              {t('project.environments')}: {groups.length}
            </li>
            <li>
              {t('apps.namespaces')}: {project.environments.length}
            </li>
          </ul>
        }
      >
        <Link
          href={deployHref(project.name, selected?.env)}
          className={`${buttonStyles.button} ${buttonStyles.primary} ${appStyles.plainLink}`}
          data-testid="deploy-link"
        >
          {t('apps.deploy')}
        </Link>
      </PageHeader>
      {selected ? (
        <>
          <ProjectOverview project={project.name} groups={groups} selected={selected.env} />
          <EnvTabs project={project.name} groups={groups} selected={selected.env} t={t} />
          <EnvSummary group={selected} t={t} />
          <EnvActivity key={selected.env} group={selected} />
          <PodTable
            key={`pods-${selected.env}`}
            label={t('pods.table', { env: selected.env })}
            sources={selected.namespaces.map((n) => ({
              cluster: n.cluster,
              namespace: n.namespace,
            }))}
          />
        </>
      ) : null}
    </>
  );
}
