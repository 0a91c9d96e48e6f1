// An app's dashboard (screen 3) in one environment of its project (`?env=`, else the first that has
// it): header with the app's actions and live rollout, then workloads, endpoints and the tabs. The
// project is resolved on the server as the user: 403 for a project that is not theirs, 404 else.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AppDashboard } from '../../../../../../components/apps/app-dashboard';
import styles from '../../../../../../components/apps/apps.module.css';
import { AppActions } from '../../../../../../components/deploy/app-actions';
import type { AppRef } from '../../../../../../components/deploy/app-ref';
import { RolloutStatus } from '../../../../../../components/deploy/rollout-status';
import buttonStyles from '../../../../../../components/ui/button.module.css';
import { groupEnvironments } from '../../../../../../components/projects/environments';
import { Breadcrumbs } from '../../../../../../components/shell/breadcrumbs';
import { Forbidden } from '../../../../../../components/shell/forbidden';
import { LayersIcon, LockIcon } from '../../../../../../components/shell/icons';
import { Notice, PageHeader } from '../../../../../../components/shell/page-parts';
import projectStyles from '../../../../../../components/projects/projects.module.css';
import { getT } from '../../../../../../lib/i18n/server';
import { appHref, appLogsHref, projectHref } from '../../../../../../lib/routes';
import { projectFromUrl } from '../../../../data';

type Params = Promise<{ project: string; app: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Project and app names are label values and DNS labels: junk never reaches the cluster.
const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ project, app }, t] = await Promise.all([params, getT()]);
  return { title: `${app} · ${project} · ${t('app.name')}` };
}

export default async function AppPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const [{ project: name, app }, query, t] = await Promise.all([params, searchParams, getT()]);
  if (!NAME.test(name) || !NAME.test(app)) notFound();
  const found = await projectFromUrl(name);
  if (found.kind === 'error') return <Notice tone="error">{t('home.projectsError')}</Notice>;
  if (found.kind === 'forbidden') return <Forbidden project={name} />;
  const { project } = found;
  // Per-app layouts give the app its own namespace per env; shared ones hold every app.
  const groups = groupEnvironments(project)
    .map((g) => ({
      ...g,
      home:
        g.namespaces.find((n) => n.app === app) ?? g.namespaces.find((n) => n.app === undefined),
    }))
    .filter((g) => g.home !== undefined);
  const requested = Array.isArray(query.env) ? query.env[0] : query.env;
  const selected = groups.find((g) => g.env === requested) ?? groups[0];
  if (!selected?.home) notFound();
  const appRef: AppRef = {
    project: project.name,
    env: selected.env,
    cluster: selected.home.cluster,
    namespace: selected.home.namespace,
    app,
  };

  return (
    <>
      <Breadcrumbs
        label={t('shell.breadcrumb')}
        items={[
          { label: t('shell.overview'), href: '/' },
          { label: project.name, href: projectHref(project.name, selected.env) },
          { label: selected.env, href: projectHref(project.name, selected.env) },
          { label: app },
        ]}
      />
      <PageHeader
        title={app}
        icon={<LayersIcon size={20} />}
        subtitle={
          <ul className={projectStyles.meta} aria-label={t('apps.details')}>
            <li>
              {t('project.cluster')}: <strong>{appRef.cluster}</strong>
            </li>
            <li>
              {t('project.namespace')}: <code>{appRef.namespace}</code>
            </li>
            {selected.protected ? (
              <li>
                <LockIcon size={12} /> {t('project.protected')}
              </li>
            ) : null}
          </ul>
        }
      >
        <div className={styles.headerLinks}>
          <Link
            href={appLogsHref(appRef.cluster, appRef.namespace, app)}
            className={`${buttonStyles.button} ${buttonStyles.secondary}`}
            data-testid="app-logs-link"
          >
            {t('apps.logs')}
          </Link>
          <AppActions {...appRef} />
        </div>
      </PageHeader>
      {groups.length > 1 ? (
        <nav aria-label={t('apps.envSwitch', { app })} className={projectStyles.tabs}>
          <ul>
            {groups.map((g) => (
              <li key={g.env}>
                <Link
                  href={appHref(project.name, app, g.env)}
                  className={projectStyles.tab}
                  aria-current={g.env === selected.env ? 'page' : undefined}
                  scroll={false}
                >
                  <span className={projectStyles.tabName}>{g.env}</span>
                  {g.protected ? (
                    <LockIcon
                      size={12}
                      className={projectStyles.tabLock}
                      aria-label={t('project.protected')}
                    />
                  ) : null}
                  <span className={projectStyles.tabCluster}>{g.clusters.join(', ')}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <RolloutStatus {...appRef} />
      <AppDashboard key={`${appRef.cluster}/${appRef.namespace}`} appRef={appRef} />
    </>
  );
}
