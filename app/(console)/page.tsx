// The overview (home): the clusters with their health and capacity, then the user's projects.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ProjectCards } from '../../components/projects/project-cards';
import { ClusterCards, ClusterCardsSkeleton } from '../../components/shell/cluster-cards';
import { projectsOnCluster } from '../../components/shell/cluster-scope';
import { FolderIcon } from '../../components/shell/icons';
import { EmptyState, Notice, PageHeader } from '../../components/shell/page-parts';
import styles from '../../components/shell/sections.module.css';
import { getT } from '../../lib/i18n/server';
import { wharf } from '../../server/context';
import { clusterOverview } from '../../server/domain/clusters';
import { clusterNames, clusterScope, requireIdentity, userProjects } from './data';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return { title: `${t('home.title')} · ${t('app.name')}` };
}

async function Clusters({ scope }: { scope: string | undefined }) {
  const [who, t] = await Promise.all([requireIdentity(), getT()]);
  let clusters;
  try {
    clusters = await clusterOverview(wharf(), who);
  } catch (err) {
    console.error('wharf: cluster overview failed:', err);
    return <Notice tone="error">{t('cluster.loadError')}</Notice>;
  }
  const shown = scope === undefined ? clusters : clusters.filter((c) => c.name === scope);
  if (shown.length === 0) return <Notice>{t('cluster.none')}</Notice>;
  return <ClusterCards clusters={shown} t={t} />;
}

export default async function OverviewPage() {
  const [who, result, scope, t] = await Promise.all([
    requireIdentity(),
    userProjects(),
    clusterScope(),
    getT(),
  ]);
  const projects = result.ok ? projectsOnCluster(result.projects, scope) : [];
  const clusterCount = scope === undefined ? clusterNames().length : 1;
  return (
    <>
      <PageHeader
        title={t('home.title')}
        subtitle={
          <>
            <span data-testid="signed-in-as">
              {t('auth.signedInAs', { username: who.username })}
            </span>
            <span aria-hidden="true"> · </span>
            <span>{t('home.subtitle')}</span>
          </>
        }
      />
      <section className={styles.section} aria-labelledby="clusters-heading">
        <h2 id="clusters-heading" className={styles.sectionTitle}>
          {t('cluster.heading')}
        </h2>
        <Suspense
          fallback={<ClusterCardsSkeleton count={clusterCount} label={t('common.loading')} />}
        >
          <Clusters scope={scope} />
        </Suspense>
      </section>
      <section className={styles.section} aria-labelledby="projects-heading">
        <h2 id="projects-heading" className={styles.sectionTitle}>
          {t('home.projects')}
          {projects.length > 0 ? <span className={styles.count}>{projects.length}</span> : null}
        </h2>
        {!result.ok ? (
          <Notice tone="error">{t('home.projectsError')}</Notice>
        ) : projects.length > 0 ? (
          <ProjectCards projects={projects} t={t} />
        ) : scope !== undefined && result.projects.length > 0 ? (
          <EmptyState icon={<FolderIcon size={20} />} title={t('shell.noProjects')}>
            <p>{t('home.noProjectsOnCluster', { cluster: scope })}</p>
          </EmptyState>
        ) : (
          <EmptyState icon={<FolderIcon size={20} />} title={t('home.noProjects.title')}>
            <p>{t('home.noProjects.body')}</p>
          </EmptyState>
        )}
      </section>
    </>
  );
}
