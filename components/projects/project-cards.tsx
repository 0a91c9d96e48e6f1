// The user's projects as cards on the overview: name, environments (protected ones marked), clusters
// and who created the project. Each card is one link.
import Link from 'next/link';
import type { Project } from '../../lib/contracts/projects';
import type { Translate } from '../../lib/i18n/messages';
import { FolderIcon, LockIcon } from '../shell/icons';
import styles from '../shell/cards.module.css';
import { groupEnvironments, projectHref } from './environments';

function ProjectCard({ project, t }: { project: Project; t: Translate }) {
  const groups = groupEnvironments(project);
  const clusters = [...new Set(project.environments.map((e) => e.cluster))];
  return (
    <article className={`${styles.card} ${styles.linkCard}`} data-testid="project-card">
      <header className={styles.cardHead}>
        <span className={styles.cardIcon}>
          <FolderIcon size={16} />
        </span>
        <h3 className={styles.cardTitle} title={project.name}>
          <Link href={projectHref(project.name)} className={styles.cardLink}>
            {project.name}
          </Link>
        </h3>
      </header>
      <ul className={styles.chips} aria-label={t('project.environments')}>
        {groups.map((g) => (
          <li key={g.env} className={styles.chip} data-protected={g.protected || undefined}>
            <span className={styles.chipText}>{g.env}</span>
            {g.protected ? <LockIcon size={11} aria-label={t('project.protected')} /> : null}
          </li>
        ))}
      </ul>
      <dl className={`${styles.facts} ${styles.factsWide}`}>
        <div>
          <dt>{t('project.clusters')}</dt>
          <dd className={styles.inlineList}>
            {clusters.length > 0
              ? clusters.map((c, i) => (
                  <span key={c} title={c}>
                    {c}
                    {i < clusters.length - 1 ? ',' : ''}
                  </span>
                ))
              : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('project.createdBy')}</dt>
          <dd className={styles.truncate}>{project.creator ?? '—'}</dd>
        </div>
      </dl>
    </article>
  );
}

export function ProjectCards({ projects, t }: { projects: readonly Project[]; t: Translate }) {
  return (
    <div className={styles.grid}>
      {projects.map((p) => (
        <ProjectCard key={p.name} project={p} t={t} />
      ))}
    </div>
  );
}
